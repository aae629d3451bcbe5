package io.numbat.processor.trend;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Sample;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trend accumulators of every metric of one node in one window. Aggregating per node (the
 * input's key) instead of per node and metric avoids a repartition of the metrics stream.
 */
public final class NodeTrends {
    private String family = "";
    private final Map<Integer, TrendAccumulator> metrics = new TreeMap<>();

    public NodeTrends add(MetricBatch batch) {
        family = batch.getFamily();
        long t = batch.getTimestamp().toEpochMilli();
        for (Sample s : batch.getSamples()) {
            metrics.computeIfAbsent(s.getMetric(), id -> new TrendAccumulator()).add(t, s.getValue());
        }
        return this;
    }

    /** This window followed by a later one of the same node (see {@link TrendAccumulator#merge}). */
    public NodeTrends merge(NodeTrends later) {
        NodeTrends m = new NodeTrends();
        m.family = later.family.isEmpty() ? family : later.family;
        m.metrics.putAll(metrics);
        later.metrics.forEach((id, acc) -> m.metrics.merge(id, acc, TrendAccumulator::merge));
        return m;
    }

    /** Whether the window holds at least one sample of {@code metric}. */
    public boolean hasSamplesOf(int metric) {
        TrendAccumulator a = metrics.get(metric);
        return a != null && a.count() > 0;
    }

    public String family() {
        return family;
    }

    public Map<Integer, TrendAccumulator> metrics() {
        return metrics;
    }

    public byte[] toBytes() {
        byte[] fam = family.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + fam.length + 4 + metrics.size() * (4 + TrendAccumulator.BYTES));
        b.putInt(fam.length).put(fam).putInt(metrics.size());
        metrics.forEach((id, acc) -> {
            b.putInt(id);
            acc.writeTo(b);
        });
        return b.array();
    }

    public static NodeTrends fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        NodeTrends n = new NodeTrends();
        byte[] fam = new byte[b.getInt()];
        b.get(fam);
        n.family = new String(fam, java.nio.charset.StandardCharsets.UTF_8);
        int size = b.getInt();
        for (int i = 0; i < size; i++) {
            int id = b.getInt();
            n.metrics.put(id, TrendAccumulator.readFrom(b));
        }
        return n;
    }
}
