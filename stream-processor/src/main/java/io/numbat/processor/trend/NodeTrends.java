package io.numbat.processor.trend;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Sample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trend accumulators of every metric of one node in one window, in metric id order. Aggregating
 * per node (the input's key) instead of per node and metric avoids a repartition of the metrics
 * stream. Kept as two parallel arrays: a node's batches list their metrics in the same order every
 * tick, so finding a sample's accumulator is one comparison (the slot after the previous sample's).
 */
public final class NodeTrends {
    private String family = "";
    private int size;
    private int[] ids = new int[0];
    private TrendAccumulator[] accumulators = new TrendAccumulator[0];

    public NodeTrends add(MetricBatch batch) {
        family = batch.getFamily();
        long t = batch.getTimestamp().toEpochMilli();
        List<Sample> samples = batch.getSamples();
        int hint = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int id = s.getMetric();
            int slot = hint < size && ids[hint] == id ? hint : slot(id);
            accumulators[slot].add(t, s.getValue());
            hint = slot + 1;
        }
        return this;
    }

    /** The slot of {@code id}, inserted in order if new. */
    private int slot(int id) {
        int at = Arrays.binarySearch(ids, 0, size, id);
        if (at >= 0) {
            return at;
        }
        at = -at - 1;
        if (size == ids.length) {
            int grown = Math.max(8, size * 2);
            ids = Arrays.copyOf(ids, grown);
            accumulators = Arrays.copyOf(accumulators, grown);
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        System.arraycopy(accumulators, at, accumulators, at + 1, size - at);
        ids[at] = id;
        accumulators[at] = new TrendAccumulator();
        size++;
        return at;
    }

    /**
     * Empties every accumulator but keeps them, with their metric ids, for the node's next window:
     * a node's accumulators then live as long as the node instead of one window, which keeps the
     * old generation of the heap from filling with the last window's (a million objects a minute at
     * 10,000 nodes, and a full collection to reclaim them).
     */
    NodeTrends reset() {
        for (int i = 0; i < size; i++) {
            accumulators[i].reset();
        }
        return this;
    }

    /** This window followed by a later one of the same node (see {@link TrendAccumulator#merge}). */
    public NodeTrends merge(NodeTrends later) {
        NodeTrends m = new NodeTrends();
        m.family = later.family.isEmpty() ? family : later.family;
        for (int i = 0; i < size; i++) {
            int slot = m.slot(ids[i]); // before reading m.accumulators: slot() may grow it
            m.accumulators[slot] = accumulators[i];
        }
        for (int i = 0; i < later.size; i++) {
            int slot = m.slot(later.ids[i]);
            m.accumulators[slot] = m.accumulators[slot].merge(later.accumulators[i]);
        }
        return m;
    }

    public String family() {
        return family;
    }

    /** Metrics in the window. */
    public int size() {
        return size;
    }

    /** The id of the {@code i}-th metric, in id order. */
    public int metricAt(int i) {
        return ids[i];
    }

    /** The accumulator of the {@code i}-th metric. */
    public TrendAccumulator accumulatorAt(int i) {
        return accumulators[i];
    }

    /** The accumulator of {@code metric}, or null. */
    public TrendAccumulator accumulator(int metric) {
        int at = Arrays.binarySearch(ids, 0, size, metric);
        return at >= 0 ? accumulators[at] : null;
    }

    /** Whether the window holds at least one sample of {@code metric}. */
    public boolean hasSamplesOf(int metric) {
        TrendAccumulator a = accumulator(metric);
        return a != null && a.count() > 0;
    }

    /** A copy as a map by metric id, in id order. */
    public Map<Integer, TrendAccumulator> metrics() {
        Map<Integer, TrendAccumulator> m = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            m.put(ids[i], accumulators[i]);
        }
        return m;
    }

    /**
     * The compact layout (state version 3): family, metric count, the window's shared timing (see
     * {@link TrendAccumulator#writeCompact}), then each metric's id and compact accumulator.
     */
    public byte[] toBytes() {
        TrendAccumulator shared = sharedTiming();
        byte[] fam = family.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(bytes(fam, shared));
        writeTo(b, fam, shared);
        return b.array();
    }

    /** Bytes of the compact layout. */
    int bytes() {
        return bytes(family.getBytes(StandardCharsets.UTF_8), sharedTiming());
    }

    private int bytes(byte[] fam, TrendAccumulator shared) {
        int bytes = 4 + fam.length + 4 + 1 + (shared == null ? 0 : TrendAccumulator.TIMING_BYTES);
        for (int i = 0; i < size; i++) {
            bytes += 4 + accumulators[i].compactBytes(shared);
        }
        return bytes;
    }

    /** Writes the compact layout, {@link #bytes()} long. */
    void writeTo(ByteBuffer b) {
        writeTo(b, family.getBytes(StandardCharsets.UTF_8), sharedTiming());
    }

    private void writeTo(ByteBuffer b, byte[] fam, TrendAccumulator shared) {
        b.putInt(fam.length).put(fam).putInt(size);
        if (shared == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1);
            shared.writeTiming(b);
        }
        for (int i = 0; i < size; i++) {
            b.putInt(ids[i]);
            accumulators[i].writeCompact(b, shared);
        }
    }

    /** The first accumulator with samples (its timing is usually every metric's), or null. */
    private TrendAccumulator sharedTiming() {
        for (int i = 0; i < size; i++) {
            if (accumulators[i].count() > 0) {
                return accumulators[i];
            }
        }
        return null;
    }

    /** Reads {@link #toBytes()}' layout ({@code compact}) or the first, fixed-size one (state versions 1, 2). */
    public static NodeTrends fromBytes(byte[] bytes, boolean compact) {
        return readFrom(ByteBuffer.wrap(bytes), compact);
    }

    static NodeTrends readFrom(ByteBuffer b, boolean compact) {
        NodeTrends n = new NodeTrends();
        byte[] fam = new byte[b.getInt()];
        b.get(fam);
        n.family = new String(fam, StandardCharsets.UTF_8);
        int count = b.getInt();
        TrendAccumulator shared = compact && b.get() != 0 ? TrendAccumulator.readTiming(b) : null;
        n.ids = new int[count];
        n.accumulators = new TrendAccumulator[count];
        for (int i = 0; i < count; i++) {
            n.ids[i] = b.getInt();
            n.accumulators[i] = compact ? TrendAccumulator.readCompact(b, shared) : TrendAccumulator.readFrom(b);
        }
        n.size = count;
        return n;
    }
}
