package io.numbat.schemas.silence;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.Silence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The latest version of each silence, as read from the compacted {@code numbat.silences}: which one covers an alarm
 * at a given time. Versions that break the rules ({@link SilenceRules#recordProblem}) are not kept. Not thread-safe.
 */
public final class SilenceBook {
    private final Map<String, Silence> byId = new TreeMap<>();

    /**
     * Takes a silence's new version; answers why it was refused (then an older version of the same id is dropped
     * too, so that a broken update never leaves a stale silence applying), or empty.
     */
    public Optional<String> put(Silence s) {
        Optional<String> problem = SilenceRules.recordProblem(s);
        if (problem.isPresent()) {
            if (s.getId() != null) {
                byId.remove(s.getId());
            }
            return problem;
        }
        byId.put(s.getId(), s);
        return Optional.empty();
    }

    /** Drops a silence (a tombstone on the topic). */
    public void remove(String id) {
        byId.remove(id);
    }

    public Optional<Silence> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean knows(String id) {
        return id != null && byId.containsKey(id);
    }

    /**
     * The active silence that covers {@code alarm} at {@code millis}, if any; of several, the one that lasts longest
     * (then the smallest id), so the answer does not depend on reading order.
     */
    public Optional<Silence> covering(Alarm alarm, long millis) {
        Silence best = null;
        for (Silence s : byId.values()) {
            if (SilenceRules.activeAt(s, millis)
                    && SilenceRules.matches(s, alarm)
                    && (best == null || SilenceRules.endMillis(s) > SilenceRules.endMillis(best))) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every silence, latest versions, those ending last first. */
    public List<Silence> all() {
        List<Silence> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong(SilenceRules::endMillis).reversed().thenComparing(Silence::getId));
        return out;
    }

    public int size() {
        return byId.size();
    }
}
