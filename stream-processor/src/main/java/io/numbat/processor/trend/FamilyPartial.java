package io.numbat.processor.trend;

import io.numbat.processor.state.StateFormat;
import io.numbat.schemas.MetricId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The roll-up of one family's window over some of its nodes (those of one task), so that one record
 * per family and window crosses the repartition to the family roll-up instead of one per node.
 * Plain Java.
 */
public final class FamilyPartial {
    private final String family;
    private final long start;
    private final long end;
    private final Map<Integer, FamilyRollup> metrics = new TreeMap<>();

    public FamilyPartial(String family, long start, long end) {
        this.family = family;
        this.start = start;
        this.end = end;
    }

    /** The partial of one node's window. */
    public static FamilyPartial of(WindowTrends w) {
        return new FamilyPartial(w.trends().family(), w.start(), w.end()).add(w.trends());
    }

    /** Adds one node's trends of this window. */
    public FamilyPartial add(NodeTrends t) {
        for (int i = 0; i < t.size(); i++) {
            int id = t.metricAt(i);
            metrics.computeIfAbsent(id, k -> new FamilyRollup()).add(t, i, MetricId.isCounter(id));
        }
        return this;
    }

    public String family() {
        return family;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public Map<Integer, FamilyRollup> metrics() {
        return metrics;
    }

    public byte[] toBytes() {
        byte[] fam = family.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1
                + Integer.BYTES
                + fam.length
                + 2 * Long.BYTES
                + Integer.BYTES
                + metrics.size() * (Integer.BYTES + FamilyRollup.BYTES));
        b.put(StateFormat.V2)
                .putInt(fam.length)
                .put(fam)
                .putLong(start)
                .putLong(end)
                .putInt(metrics.size());
        metrics.forEach((id, r) -> {
            b.putInt(id);
            r.writeTo(b);
        });
        return b.array();
    }

    public static FamilyPartial fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).position(StateFormat.bodyOffset(bytes));
        byte[] fam = new byte[b.getInt()];
        b.get(fam);
        FamilyPartial p = new FamilyPartial(new String(fam, StandardCharsets.UTF_8), b.getLong(), b.getLong());
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            p.metrics.put(b.getInt(), FamilyRollup.readFrom(b));
        }
        return p;
    }

    /** Serde for the partials' store and the repartition topic. */
    public static final class Serde extends Serdes.WrapperSerde<FamilyPartial> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : FamilyPartial.fromBytes(b));
        }
    }
}
