package io.numbat.processor.bottleneck;

import io.numbat.processor.alarm.AlarmTypes;
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
import org.apache.kafka.common.serialization.Serdes;

/**
 * One family's view of its nodes' bottlenecks, from their {@link BottleneckSignal}s: per node the
 * process type each of its raised bottleneck alarms blames. When one type is the culprit of a
 * {@link Measure} on at least {@code familyQuorum} of the family's nodes (and {@code familyMinNodes}),
 * a family alarm ({@code family:<family>/bottleneck/<metric>}, no node) names it: "my_cache:init/1
 * holds 62 % of process memory on 8 of 10 web nodes". It clears below {@code familyQuorum *
 * clearFactor}. Nodes not heard from for three {@code familyEvery} are forgotten.
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

    private void evaluate(String family, Measure m, BottleneckSettings settings, long t, List<Alarm> out) {
        int i = m.ordinal();
        int n = nodes.size();
        if (!raised[i].isEmpty()) {
            int c = count(i, raised[i]);
            if (c >= settings.familyMinNodes() && c >= settings.familyQuorum() * settings.clearFactor() * n) {
                return;
            }
            out.add(alarm(
                    family,
                    m,
                    AlarmState.CLEARED,
                    raised[i],
                    n == 0 ? 0 : c / (double) n,
                    t,
                    String.format(
                            Locale.ROOT, "cleared: %s is the culprit on %d of %d %s nodes", raised[i], c, n, family)));
            raised[i] = "";
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
        if (bestCount < settings.familyMinNodes() || bestCount < settings.familyQuorum() * n) {
            return;
        }
        raised[i] = best;
        double mean = 0;
        for (Member x : nodes.values()) {
            if (best.equals(x.culprits[i])) {
                mean += x.figures[i] / bestCount;
            }
        }
        String cause = switch (m) {
            case MEMORY ->
                String.format(
                        Locale.ROOT,
                        "%s holds %.0f %% of process memory on %d of %d %s nodes",
                        best,
                        100 * mean,
                        bestCount,
                        n,
                        family);
            case REDUCTIONS ->
                String.format(
                        Locale.ROOT,
                        "%s takes %.0f %% of the reductions on %d of %d %s nodes",
                        best,
                        100 * mean,
                        bestCount,
                        n,
                        family);
            case MAILBOX ->
                String.format(
                        Locale.ROOT,
                        "the mailbox of %s grows on %d of %d %s nodes (%,.0f messages on average)",
                        best,
                        bestCount,
                        n,
                        family,
                        mean);
        };
        out.add(alarm(family, m, AlarmState.RAISED, best, bestCount / (double) n, t, cause));
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
            String family, Measure m, AlarmState state, String type, double share, long t, String cause) {
        return Alarm.newBuilder()
                .setId(alarmId(family, m))
                .setNode(null)
                .setFamily(family)
                .setType(AlarmTypes.BOTTLENECK)
                .setState(state)
                .setSeverity(Severity.MAJOR)
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
            for (String r : raised) {
                out.writeUTF(r);
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
