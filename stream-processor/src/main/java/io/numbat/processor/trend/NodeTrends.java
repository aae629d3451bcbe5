package io.numbat.processor.trend;

import static io.numbat.processor.trend.TrendFields.WIDTH;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Sample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trends of every metric of one node in one window, in metric id order. Aggregating per node (the
 * input's key) instead of per node and metric avoids a repartition of the metrics stream.
 *
 * <p>Kept as parallel arrays: the metric ids, every metric's {@link TrendFields} side by side in one
 * array, and each metric's {@link SampleTiming}, which the metrics share while they arrive in the same
 * batches. A node's batches list their metrics in the same order every tick, so finding a sample's slot is
 * one comparison (the slot after the previous sample's). At 10,000 nodes of 100 metrics, with a node's
 * open window and the spare for its next one, that is 60,000 arrays on the heap where an object per
 * metric made 2 million for the garbage collector to mark at every full collection.
 */
public final class NodeTrends {
    private String family = "";
    private int size;
    private int[] ids = new int[0];
    /** Every metric's sums, {@link TrendFields#WIDTH} per slot. */
    private double[] values = new double[0];
    /** Every metric's timing: {@link #shared} for most. */
    private SampleTiming[] timings = new SampleTiming[0];
    /**
     * The timing of the metrics that had a sample in every batch of the window (usually all of them),
     * counted once per batch. A metric without a sample in a batch (absent, or not finite), or with two,
     * leaves it for a copy of its own.
     */
    private SampleTiming shared = new SampleTiming();
    /** Slots counting with {@link #shared}. */
    private int sharing;
    /** The batch that last had a sample of each metric, by slot (see {@link #batches}). */
    private int[] seen = new int[0];
    /** Batches added since this object was made (a stamp for {@link #seen}, not stored). */
    private int batches;

    public NodeTrends add(MetricBatch batch) {
        family = batch.getFamily();
        long t = batch.getTimestamp().toEpochMilli();
        int stamp = ++batches;
        int sharedSamples = 0;
        List<Sample> samples = batch.getSamples();
        int hint = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int id = s.getMetric();
            int slot = hint < size && ids[hint] == id ? hint : slot(id);
            hint = slot + 1;
            double value = s.getValue();
            if (!Double.isFinite(value)) {
                continue; // not a measurement; the metric misses this batch
            }
            int o = slot * WIDTH;
            SampleTiming timing = timings[slot];
            if (timing != shared) {
                TrendFields.addValue(values, o, timing, t, value);
                timing.add(t);
            } else if (seen[slot] != stamp) {
                seen[slot] = stamp;
                TrendFields.addValue(values, o, shared, t, value);
                sharedSamples++;
            } else { // a second sample in one batch: its first is counted on its own timing, then this one
                SampleTiming own = shared.copy();
                timings[slot] = own;
                own.add(t);
                TrendFields.addValue(values, o, own, t, value);
                own.add(t);
                sharing--;
                sharedSamples--;
            }
        }
        if (sharedSamples < sharing) {
            // metrics without a sample in this batch keep the timing before it
            for (int i = 0; i < size; i++) {
                if (seen[i] != stamp && timings[i] == shared) {
                    timings[i] = shared.copy();
                    sharing--;
                }
            }
        }
        if (sharedSamples > 0) {
            shared.add(t);
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
            resize(Math.max(8, size * 2));
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        System.arraycopy(values, at * WIDTH, values, (at + 1) * WIDTH, (size - at) * WIDTH);
        System.arraycopy(timings, at, timings, at + 1, size - at);
        System.arraycopy(seen, at, seen, at + 1, size - at);
        ids[at] = id;
        seen[at] = 0;
        TrendFields.clear(values, at * WIDTH);
        // a metric new in the window's first batch counts with the others; a later one on its own
        boolean joins = shared.count() == 0;
        timings[at] = joins ? shared : new SampleTiming();
        if (joins) {
            sharing++;
        }
        size++;
        return at;
    }

    private void resize(int slots) {
        ids = Arrays.copyOf(ids, slots);
        values = Arrays.copyOf(values, slots * WIDTH);
        timings = Arrays.copyOf(timings, slots);
        seen = Arrays.copyOf(seen, slots);
    }

    /**
     * Empties every metric's sums but keeps the arrays, with the metric ids, for the node's next window:
     * a node's arrays then live as long as the node instead of one window, which keeps the old generation
     * of the heap from filling with the last window's. The arrays shrink to the metrics seen once, the
     * first time.
     */
    NodeTrends reset() {
        if (ids.length > size) {
            resize(size);
        }
        shared.reset();
        for (int i = 0; i < size; i++) {
            TrendFields.clear(values, i * WIDTH);
            timings[i] = shared;
        }
        sharing = size;
        return this;
    }

    /** This window followed by a later one of the same node (see {@link TrendAccumulator#merge}): a new window. */
    public NodeTrends merge(NodeTrends later) {
        NodeTrends m = new NodeTrends(); // for coarser windows, which are merged, never added to
        m.family = later.family.isEmpty() ? family : later.family;
        m.resize(size + later.size);
        MergedTimings merged = new MergedTimings();
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size || j < later.size) {
            int a = i < size ? ids[i] : Integer.MAX_VALUE;
            int b = j < later.size ? later.ids[j] : Integer.MAX_VALUE;
            if (j >= later.size || (i < size && a < b)) { // only in this window
                System.arraycopy(values, i * WIDTH, m.values, k * WIDTH, WIDTH);
                m.timings[k] = merged.of(timings[i], null);
                m.ids[k++] = ids[i++];
            } else if (i >= size || b < a) { // only in the later one
                System.arraycopy(later.values, j * WIDTH, m.values, k * WIDTH, WIDTH);
                m.timings[k] = merged.of(null, later.timings[j]);
                m.ids[k++] = later.ids[j++];
            } else {
                TrendFields.merge(
                        values, i * WIDTH, timings[i], later.values, j * WIDTH, later.timings[j], m.values, k * WIDTH);
                m.timings[k] = merged.of(timings[i], later.timings[j]);
                m.ids[k++] = ids[i++];
                j++;
            }
        }
        m.size = k;
        return m;
    }

    /**
     * The timings of a merged window, made once for each pair of timings merged: a window's metrics mostly
     * share one timing, and so do their merges.
     */
    private static final class MergedTimings {
        private SampleTiming earlier;
        private SampleTiming later;
        private SampleTiming merged;

        SampleTiming of(SampleTiming e, SampleTiming l) {
            if (e != earlier || l != later || merged == null) {
                earlier = e;
                later = l;
                merged = e == null ? l.copy() : l == null ? e.copy() : TrendFields.mergedTiming(e, l);
            }
            return merged;
        }
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

    /** Samples of the {@code i}-th metric. */
    public long count(int i) {
        return timings[i].count;
    }

    public double mean(int i) {
        return TrendFields.mean(values, i * WIDTH, timings[i]);
    }

    public double min(int i) {
        return values[i * WIDTH + TrendFields.MIN];
    }

    public double max(int i) {
        return values[i * WIDTH + TrendFields.MAX];
    }

    public double last(int i) {
        return values[i * WIDTH + TrendFields.LAST];
    }

    /** The {@code i}-th metric's least-squares slope per second (see {@link TrendAccumulator#slope}). */
    public double slope(int i) {
        return TrendFields.slope(values, i * WIDTH, timings[i]);
    }

    /** The {@code i}-th metric's counter rate per second (see {@link TrendAccumulator#rate}). */
    public double rate(int i) {
        return TrendFields.rate(values, i * WIDTH, timings[i]);
    }

    /** A copy of the {@code i}-th metric's accumulator. */
    public TrendAccumulator accumulatorAt(int i) {
        return new TrendAccumulator(Arrays.copyOfRange(values, i * WIDTH, (i + 1) * WIDTH), timings[i].copy());
    }

    /** A copy of {@code metric}'s accumulator, or null. */
    public TrendAccumulator accumulator(int metric) {
        int at = Arrays.binarySearch(ids, 0, size, metric);
        return at >= 0 ? accumulatorAt(at) : null;
    }

    /** Whether the window holds at least one sample of {@code metric}. */
    public boolean hasSamplesOf(int metric) {
        int at = Arrays.binarySearch(ids, 0, size, metric);
        return at >= 0 && timings[at].count > 0;
    }

    /** A copy as a map by metric id, in id order. */
    public Map<Integer, TrendAccumulator> metrics() {
        Map<Integer, TrendAccumulator> m = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            m.put(ids[i], accumulatorAt(i));
        }
        return m;
    }

    /**
     * The compact layout (state version 3): family, metric count, the window's shared timing (see
     * {@link TrendFields#writeCompact}), then each metric's id and compact sums.
     */
    public byte[] toBytes() {
        SampleTiming shared = sharedTiming();
        byte[] fam = family.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(bytes(fam, shared));
        writeTo(b, fam, shared);
        return b.array();
    }

    /** Bytes of the compact layout. */
    int bytes() {
        return bytes(family.getBytes(StandardCharsets.UTF_8), sharedTiming());
    }

    private int bytes(byte[] fam, SampleTiming shared) {
        int bytes = 4 + fam.length + 4 + 1 + (shared == null ? 0 : SampleTiming.BYTES);
        for (int i = 0; i < size; i++) {
            bytes += 4 + TrendFields.compactBytes(values, i * WIDTH, timings[i], shared);
        }
        return bytes;
    }

    /** Writes the compact layout, {@link #bytes()} long. */
    void writeTo(ByteBuffer b) {
        writeTo(b, family.getBytes(StandardCharsets.UTF_8), sharedTiming());
    }

    private void writeTo(ByteBuffer b, byte[] fam, SampleTiming shared) {
        b.putInt(fam.length).put(fam).putInt(size);
        if (shared == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1);
            shared.writeTo(b);
        }
        for (int i = 0; i < size; i++) {
            b.putInt(ids[i]);
            TrendFields.writeCompact(b, values, i * WIDTH, timings[i], shared);
        }
    }

    /** The timing of the first metric with samples (usually every metric's), or null. */
    private SampleTiming sharedTiming() {
        for (int i = 0; i < size; i++) {
            if (timings[i].count > 0) {
                return timings[i];
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
        SampleTiming header = compact && b.get() != 0 ? SampleTiming.readFrom(b) : null;
        // the window's metrics count with the header's timing, or all with one empty timing if it has none
        SampleTiming empty = header == null ? n.shared : null;
        if (header != null) {
            n.shared = header;
        }
        n.resize(count);
        for (int i = 0; i < count; i++) {
            n.ids[i] = b.getInt();
            SampleTiming t = compact
                    ? TrendFields.readCompact(b, n.values, i * WIDTH, n.shared, empty)
                    : TrendFields.readFixed(b, n.values, i * WIDTH);
            n.timings[i] = t;
            if (t == n.shared) {
                n.sharing++;
            }
        }
        n.size = count;
        return n;
    }
}
