package io.numbat.processor.trend;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A node's coarser window (5 min, 1 h) while it is being built from the finer windows, held as one byte array
 * in {@link WindowTrends}' fixed-size layout (version 2) and merged into in place.
 *
 * <p>Kept as objects under a write-behind store, each node's partial lives as long as the node: a finer window
 * is merged into the array it already has, and a finished coarser window's array is reused for the next. Before,
 * every finer window made a new encoded partial for the store to hold until the next one (10,000 nodes' 10 KB
 * every minute): bytes that lived a minute, so they were promoted, and the old generation of the processor's
 * heap filled with them every 20 to 60 s (a serial full collection of 0.4 to 0.8 s each time, which JFR's old
 * object samples showed as two thirds of the old generation's sampled objects).
 */
final class CoarsePartial {
    /** Version byte, start, end. */
    private static final int HEADER = 1 + 2 * Long.BYTES;
    /** A metric's entry: its id, then its accumulator's fixed layout. */
    private static final int ENTRY = Integer.BYTES + TrendAccumulator.BYTES;
    /** What an empty partial (between two coarser windows) is stored as: a window with no metrics. */
    private static final byte[] EMPTY =
            new WindowTrends(Long.MIN_VALUE, Long.MIN_VALUE, new NodeTrends()).toFixedBytes();

    private byte[] bytes;
    private int entries;
    private int firstEntry;
    private boolean open;

    private CoarsePartial() {}

    /** A partial of the window {@code [start, end)} holding {@code first}'s trends. */
    static CoarsePartial of(long start, long end, NodeTrends first) {
        CoarsePartial p = new CoarsePartial();
        p.restart(start, end, first);
        return p;
    }

    /** Whether it holds a window (not between two windows). */
    boolean open() {
        return open;
    }

    long start() {
        return ByteBuffer.wrap(bytes).getLong(1);
    }

    long end() {
        return ByteBuffer.wrap(bytes).getLong(1 + Long.BYTES);
    }

    /** Starts the window {@code [start, end)} with {@code first}'s trends, reusing the array when it fits. */
    void restart(long start, long end, NodeTrends first) {
        if (bytes == null || !sameLayout(first)) {
            bytes = new WindowTrends(start, end, first).toFixedBytes();
            index();
        } else {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            b.putLong(1, start).putLong(1 + Long.BYTES, end);
            for (int i = 0; i < entries; i++) {
                b.position(firstEntry + i * ENTRY + Integer.BYTES);
                first.accumulatorAt(i).writeTo(b);
            }
        }
        open = true;
    }

    /** Adds {@code later}, the node's next finer window, in place when it has the same metrics (as usual). */
    void merge(NodeTrends later) {
        if (!sameLayout(later)) {
            WindowTrends w = window();
            bytes = new WindowTrends(w.start(), w.end(), w.trends().merge(later)).toFixedBytes();
            index();
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int i = 0; i < entries; i++) {
            int at = firstEntry + i * ENTRY + Integer.BYTES;
            b.position(at);
            TrendAccumulator merged = TrendAccumulator.readFrom(b).merge(later.accumulatorAt(i));
            b.position(at);
            merged.writeTo(b);
        }
    }

    /** The window as built so far, as objects of its own. */
    WindowTrends window() {
        return WindowTrends.fromBytes(bytes);
    }

    /** Between two windows: the array stays for the node's next one. */
    void close() {
        open = false;
    }

    /** Whether {@code trends} has this partial's family and metrics, in the same order. */
    private boolean sameLayout(NodeTrends trends) {
        if (trends.size() != entries || !trends.family().equals(family())) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int i = 0; i < entries; i++) {
            if (b.getInt(firstEntry + i * ENTRY) != trends.metricAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String family() {
        int length = ByteBuffer.wrap(bytes).getInt(HEADER);
        return new String(bytes, HEADER + Integer.BYTES, length, StandardCharsets.UTF_8);
    }

    private void index() {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int familyLength = b.getInt(HEADER);
        entries = b.getInt(HEADER + Integer.BYTES + familyLength);
        firstEntry = HEADER + 2 * Integer.BYTES + familyLength;
    }

    /** The stored form: an open partial in {@link WindowTrends}' version 2 layout, an empty one as no metrics. */
    byte[] toBytes() {
        return open ? bytes.clone() : EMPTY.clone();
    }

    /** Reads any version of {@link WindowTrends}' layout; a window starting at {@code Long.MIN_VALUE} is empty. */
    static CoarsePartial fromBytes(byte[] stored) {
        WindowTrends w = WindowTrends.fromBytes(stored);
        CoarsePartial p = new CoarsePartial();
        if (w.start() != Long.MIN_VALUE) {
            p.restart(w.start(), w.end(), w.trends());
        }
        return p;
    }

    @Override
    public String toString() {
        return open ? "CoarsePartial" + window() : "CoarsePartial(empty)";
    }

    /** Serde for the coarser windows' stores. */
    static final class Serde extends Serdes.WrapperSerde<CoarsePartial> {
        Serde() {
            super(
                    (topic, p) -> p == null ? null : p.toBytes(),
                    (topic, b) -> b == null ? null : CoarsePartial.fromBytes(b));
        }
    }
}
