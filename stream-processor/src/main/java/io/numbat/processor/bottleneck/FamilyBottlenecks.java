package io.numbat.processor.bottleneck;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.processor.alarm.LevelAlarm;
import io.numbat.processor.state.StateFormat;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One family's view of its nodes' bottlenecks, from their {@link BottleneckSignal}s: per node the
 * process type each of its raised bottleneck alarms blames. When one type is the culprit of a
 * {@link Measure} on at least {@code familyQuorum} of the family's nodes (and {@code familyMinNodes}),
 * a family alarm ({@code family:<family>/bottleneck/<metric>}, no node) names it: "my_cache:init/1
 * holds 62 % of process memory on 8 of 10 web nodes". Minor at the quorum, major halfway between it
 * and all nodes, critical on all of them (re-raised when that changes, with the new count), cleared
 * below {@code familyQuorum * clearFactor} ({@link LevelAlarm}'s hysteresis). Nodes not heard from
 * for three {@code familyEvery} are forgotten.
 */
public final class FamilyBottlenecks {
    /** What one node blames, per measure, and when it last said so. */
    static final class Member {
        long lastSeenMillis;
        final String[] culprits = {"", "", ""};
        final double[] figures = new double[3];
    }

    final Map<String, Member> nodes = new HashMap<>();
    /** Per measure the type the family alarm names while raised, else empty. */
    final String[] raised = {"", "", ""};
    /** Per measure the family alarm's level (0 clear, 1..3 minor..critical). */
    final int[] levels = new int[3];

    long sweptMillis;

    /** Applies one node's signal; adds the family alarms that change to {@code out}. */
    public void onSignal(BottleneckSignal s, BottleneckSettings settings, List<Alarm> out) {
        Member m = nodes.computeIfAbsent(s.node(), n -> new Member());
        m.lastSeenMillis = Math.max(m.lastSeenMillis, s.timestamp());
        for (int i = 0; i < m.culprits.length && i < s.culprits().length; i++) {
            m.culprits[i] = s.culprits()[i];
            m.figures[i] = s.figures()[i];
        }
        long every = settings.familyEvery().toMillis();
        if (s.timestamp() - sweptMillis >= every) {
            sweptMillis = s.timestamp();
            long stale = s.timestamp() - 3 * every;
            nodes.values().removeIf(x -> x.lastSeenMillis < stale);
        }
        for (Measure measure : Measure.ALL) {
            evaluate(s.family(), measure, settings, s.timestamp(), out);
        }
    }

    /** Fractions of the family's nodes: the quorum, halfway to all, all; stepping down at {@code clearFactor}. */
    private static LevelAlarm.Thresholds thresholds(BottleneckSettings settings) {
        double q = settings.familyQuorum();
        return new LevelAlarm.Thresholds(q, (q + 1) / 2, 1, settings.clearFactor());
    }

    private void evaluate(String family, Measure m, BottleneckSettings settings, long t, List<Alarm> out) {
        int i = m.ordinal();
        int n = nodes.size();
        LevelAlarm.Thresholds th = thresholds(settings);
        if (!raised[i].isEmpty()) {
            int c = count(i, raised[i]);
            int to = c < settings.familyMinNodes() ? 0 : LevelAlarm.next(th, levels[i], c / (double) n);
            if (to == levels[i]) {
                return;
            }
            if (to > 0) {
                levels[i] = to;
                out.add(raised(family, m, raised[i], c, n, to, t));
                return;
            }
            out.add(alarm(
                    family,
                    m,
                    Optional.empty(),
                    raised[i],
                    n == 0 ? 0 : c / (double) n,
                    t,
                    String.format(
                            Locale.ROOT, "cleared: %s is the culprit on %d of %d %s nodes", raised[i], c, n, family)));
            raised[i] = "";
            levels[i] = 0;
        }
        // the type blamed by most nodes: counted only when some node blames one (rare), so no map per signal
        String best = "";
        int bestCount = 0;
        for (Member x : nodes.values()) {
            String type = x.culprits[i];
            if (!type.isEmpty() && !type.equals(best)) {
                int c = count(i, type);
                if (c > bestCount) {
                    best = type;
                    bestCount = c;
                }
            }
        }
        int level = bestCount < settings.familyMinNodes() ? 0 : LevelAlarm.next(th, 0, bestCount / (double) n);
        if (level == 0) {
            return;
        }
        raised[i] = best;
        levels[i] = level;
        out.add(raised(family, m, best, bestCount, n, level, t));
    }

    private Alarm raised(String family, Measure m, String type, int count, int n, int level, long t) {
        int i = m.ordinal();
        double mean = 0;
        for (Member x : nodes.values()) {
            if (type.equals(x.culprits[i])) {
                mean += x.figures[i] / count;
            }
        }
        String cause = switch (m) {
            case MEMORY ->
                String.format(
                        Locale.ROOT,
                        "%s holds %.0f %% of process memory on %d of %d %s nodes",
                        type,
                        100 * mean,
                        count,
                        n,
                        family);
            case REDUCTIONS ->
                String.format(
                        Locale.ROOT,
                        "%s takes %.0f %% of the reductions on %d of %d %s nodes",
                        type,
                        100 * mean,
                        count,
                        n,
                        family);
            case MAILBOX ->
                String.format(
                        Locale.ROOT,
                        "the mailbox of %s grows on %d of %d %s nodes (%,.0f messages on average)",
                        type,
                        count,
                        n,
                        family,
                        mean);
        };
        return alarm(family, m, Optional.of(LevelAlarm.severity(level)), type, count / (double) n, t, cause);
    }

    private int count(int measure, String type) {
        int c = 0;
        for (Member x : nodes.values()) {
            if (type.equals(x.culprits[measure])) {
                c++;
            }
        }
        return c;
    }

    /** The id of a family's bottleneck alarm of {@code m}. */
    public static String alarmId(String family, Measure m) {
        return AlarmTypes.id(
                "family:" + family, AlarmTypes.BOTTLENECK, m.metric().id());
    }

    private static Alarm alarm(
            String family, Measure m, Optional<Severity> severity, String type, double share, long t, String cause) {
        return Alarm.newBuilder()
                .setId(alarmId(family, m))
                .setNode(null)
                .setFamily(family)
                .setType(AlarmTypes.BOTTLENECK)
                .setState(severity.isPresent() ? AlarmState.RAISED : AlarmState.CLEARED)
                .setSeverity(severity.orElse(Severity.MINOR))
                .setTimestamp(Instant.ofEpochMilli(t))
                .setCause(cause)
                .setMetric(m.metric().id())
                .setValue(share)
                .setCulprit(new ProcessQueue(type, "", 0L, "", 0L, 0L))
                .build();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * nodes.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(StateFormat.V2);
            out.writeLong(sweptMillis);
            for (int i = 0; i < raised.length; i++) {
                out.writeUTF(raised[i]);
                out.writeByte(levels[i]);
            }
            out.writeInt(nodes.size());
            for (Map.Entry<String, Member> e : nodes.entrySet()) {
                out.writeUTF(e.getKey());
                Member x = e.getValue();
                out.writeLong(x.lastSeenMillis);
                for (int i = 0; i < x.culprits.length; i++) {
                    out.writeUTF(x.culprits[i]);
                    out.writeDouble(x.figures[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads version 2, the first layout of this format (it always had its version byte). */
    public static FamilyBottlenecks fromBytes(byte[] bytes) {
        if (StateFormat.versionOf(bytes) != StateFormat.V2) {
            throw new IllegalArgumentException(
                    "not a family's bottlenecks: version byte " + (bytes.length > 0 ? bytes[0] : -1));
        }
        FamilyBottlenecks f = new FamilyBottlenecks();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            f.sweptMillis = in.readLong();
            for (int i = 0; i < f.raised.length; i++) {
                f.raised[i] = in.readUTF();
                f.levels[i] = in.readByte();
            }
            int n = in.readInt();
            for (int k = 0; k < n; k++) {
                String node = in.readUTF();
                Member x = new Member();
                x.lastSeenMillis = in.readLong();
                for (int i = 0; i < x.culprits.length; i++) {
                    x.culprits[i] = in.readUTF();
                    x.figures[i] = in.readDouble();
                }
                f.nodes.put(node, x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** State-store serde. */
    public static final class Serde extends Serdes.WrapperSerde<FamilyBottlenecks> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : FamilyBottlenecks.fromBytes(b));
        }
    }
}
