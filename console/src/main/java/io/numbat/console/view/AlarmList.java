package io.numbat.console.view;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The live alarm list (raised alarms by id, cleared ones removed) joined with operators'
 * acknowledgements. At most {@code maxAlarms} alarms and acknowledgements each; past that new
 * alarms are dropped and counted, and the oldest acknowledgements forgotten. Not thread-safe.
 */
public final class AlarmList {
    /** Worst first, then newest first. */
    public static final Comparator<AlarmEntry> TOP = Comparator.comparing(
                    (AlarmEntry e) -> e.alarm().getSeverity())
            .reversed()
            .thenComparing((AlarmEntry e) -> e.alarm().getTimestamp(), Comparator.reverseOrder())
            .thenComparing(e -> e.alarm().getId());

    private final int maxAlarms;
    private final Map<String, Alarm> raised = new HashMap<>();
    private final Map<String, AlarmAck> acks;
    private long dropped;

    public AlarmList(int maxAlarms) {
        this.maxAlarms = maxAlarms;
        this.acks = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AlarmAck> eldest) {
                return size() > AlarmList.this.maxAlarms;
            }
        };
    }

    /** Applies a raise or a clear. */
    public AlarmChange onAlarm(Alarm a) {
        if (a.getState() == AlarmState.CLEARED) {
            return raised.remove(a.getId()) == null ? AlarmChange.NONE : AlarmChange.CLEARED;
        }
        if (!raised.containsKey(a.getId()) && raised.size() >= maxAlarms) {
            dropped++;
            return AlarmChange.NONE;
        }
        raised.put(a.getId(), a);
        return AlarmChange.RAISED;
    }

    /** Forgets an alarm (a tombstone on the alarm topic). */
    public AlarmChange remove(String id) {
        return raised.remove(id) == null ? AlarmChange.NONE : AlarmChange.CLEARED;
    }

    /** Applies an acknowledgement; ACKED or UNACKED when it changes a raised alarm. */
    public AlarmChange onAck(AlarmAck ack) {
        AlarmAck before = acks.remove(ack.getAlarmId());
        acks.put(ack.getAlarmId(), ack);
        Alarm a = raised.get(ack.getAlarmId());
        if (a == null || !AlarmEntry.applies(ack, a)) {
            return AlarmChange.NONE;
        }
        boolean was = AlarmEntry.applies(before, a) && before.getAcknowledged();
        if (was == ack.getAcknowledged()) {
            return AlarmChange.NONE;
        }
        return ack.getAcknowledged() ? AlarmChange.ACKED : AlarmChange.UNACKED;
    }

    /** Forgets an acknowledgement (a tombstone on the acknowledgement topic). */
    public void removeAck(String alarmId) {
        acks.remove(alarmId);
    }

    public Optional<AlarmEntry> find(String id) {
        Alarm a = raised.get(id);
        return a == null ? Optional.empty() : Optional.of(entry(a));
    }

    private AlarmEntry entry(Alarm a) {
        AlarmAck ack = acks.get(a.getId());
        return new AlarmEntry(a, AlarmEntry.applies(ack, a) ? ack : null);
    }

    /** Raised alarms matching every non-null filter, worst and newest first. */
    public List<AlarmEntry> list(Severity severity, String family, String node) {
        List<AlarmEntry> out = new ArrayList<>();
        for (Alarm a : raised.values()) {
            if ((severity == null || a.getSeverity() == severity)
                    && (family == null || family.equals(a.getFamily()))
                    && (node == null || node.equals(a.getNode()))) {
                out.add(entry(a));
            }
        }
        out.sort(TOP);
        return out;
    }

    /** The {@code limit} worst unacknowledged alarms. */
    public List<AlarmEntry> top(int limit) {
        return list(null, null, null).stream()
                .filter(e -> !e.acknowledged())
                .limit(limit)
                .toList();
    }

    /** The worst raised severity per node. */
    public Map<String, Severity> worstByNode() {
        Map<String, Severity> out = new HashMap<>();
        for (Alarm a : raised.values()) {
            if (a.getNode() != null) {
                out.merge(a.getNode(), a.getSeverity(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
        }
        return out;
    }

    /** Raised alarms counted by severity, then type. */
    public Map<Severity, Map<String, Integer>> counts() {
        Map<Severity, Map<String, Integer>> out = new TreeMap<>();
        for (Alarm a : raised.values()) {
            out.computeIfAbsent(a.getSeverity(), s -> new TreeMap<>()).merge(a.getType(), 1, Integer::sum);
        }
        return out;
    }

    public boolean hasFamily(String family) {
        return raised.values().stream().anyMatch(a -> family.equals(a.getFamily()));
    }

    public boolean hasNode(String node) {
        return raised.values().stream().anyMatch(a -> node.equals(a.getNode()));
    }

    public int size() {
        return raised.size();
    }

    /** Alarms not kept because the list was full. */
    public long dropped() {
        return dropped;
    }
}
