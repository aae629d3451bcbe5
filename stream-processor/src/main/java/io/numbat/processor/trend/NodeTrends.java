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
    /**
     * The timing of the metrics that had a sample in every batch of the window (usually all of them),
     * counted once per batch. A metric without a sample in a batch (absent, or not finite), or with two,
     * leaves it for a copy of its own ({@link TrendAccumulator#ownTiming()}).
     */
    private TrendAccumulator.Timing shared = new TrendAccumulator.Timing();
    /** Accumulators counting with {@link #shared}. */
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
            TrendAccumulator a = accumulators[slot];
            if (!a.shares(shared)) {
                a.add(t, value);
            } else if (seen[slot] != stamp) {
                seen[slot] = stamp;
                a.addValue(t, value);
                sharedSamples++;
            } else { // a second sample in one batch: its first is counted on its own timing, then this one
                a.ownTiming();
                a.timing().add(t);
                a.add(t, value);
                sharing--;
                sharedSamples--;
            }
        }
        if (sharedSamples < sharing) {
            // metrics without a sample in this batch keep the timing before it
            for (int i = 0; i < size; i++) {
                if (seen[i] != stamp && accumulators[i].shares(shared)) {
                    accumulators[i].ownTiming();
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
            int grown = Math.max(8, size * 2);
            ids = Arrays.copyOf(ids, grown);
            accumulators = Arrays.copyOf(accumulators, grown);
            seen = Arrays.copyOf(seen, grown);
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        System.arraycopy(accumulators, at, accumulators, at + 1, size - at);
        System.arraycopy(seen, at, seen, at + 1, size - at);
        ids[at] = id;
        seen[at] = 0;
        // a metric new in the window's first batch counts with the others; a later one on its own
        boolean joins = shared.count() == 0;
        accumulators[at] = new TrendAccumulator(joins ? shared : new TrendAccumulator.Timing());
        if (joins) {
            sharing++;
        }
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
        shared.reset();
        for (int i = 0; i < size; i++) {
            accumulators[i].reset(shared);
        }
        sharing = size;
        return this;
    }

    /** This window followed by a later one of the same node (see {@link TrendAccumulator#merge}). */
    public NodeTrends merge(NodeTrends later) {
        NodeTrends m = new NodeTrends(); // for coarser windows, which are merged, never added to
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
        TrendAccumulator.Timing shared = sharedTiming();
        byte[] fam = family.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(bytes(fam, shared));
        writeTo(b, fam, shared);
        return b.array();
    }

    /** Bytes of the compact layout. */
    int bytes() {
        return bytes(family.getBytes(StandardCharsets.UTF_8), sharedTiming());
    }

    private int bytes(byte[] fam, TrendAccumulator.Timing shared) {
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

    private void writeTo(ByteBuffer b, byte[] fam, TrendAccumulator.Timing shared) {
        b.putInt(fam.length).put(fam).putInt(size);
        if (shared == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1);
            shared.writeTo(b);
        }
        for (int i = 0; i < size; i++) {
            b.putInt(ids[i]);
            accumulators[i].writeCompact(b, shared);
        }
    }

    /** The timing of the first accumulator with samples (usually every metric's), or null. */
    private TrendAccumulator.Timing sharedTiming() {
        for (int i = 0; i < size; i++) {
            if (accumulators[i].count() > 0) {
                return accumulators[i].timing();
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
        TrendAccumulator.Timing header = compact && b.get() != 0 ? TrendAccumulator.Timing.readFrom(b) : null;
        // the window's metrics count with the header's timing, or all with one empty timing if it has none
        TrendAccumulator.Timing empty = header == null ? n.shared : null;
        if (header != null) {
            n.shared = header;
        }
        n.ids = new int[count];
        n.seen = new int[count];
        n.accumulators = new TrendAccumulator[count];
        for (int i = 0; i < count; i++) {
            n.ids[i] = b.getInt();
            TrendAccumulator a =
                    compact ? TrendAccumulator.readCompact(b, n.shared, empty) : TrendAccumulator.readFrom(b);
            n.accumulators[i] = a;
            if (a.shares(n.shared)) {
                n.sharing++;
            }
        }
        n.size = count;
        return n;
    }
}
