package io.numbat.processor.trend;

import io.numbat.processor.state.StateFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A node's coarser window (5 min, 1 h) while it is being built from the finer windows: its {@link WindowTrends}
 * in their compact layout (version 3), in an array that each finer window is merged into.
 *
 * <p>Kept as an object under a write-behind store, each node's partial lives as long as the node, and so does
 * its array: a merge decodes the window, adds the finer one and encodes the result into the same array when it
 * fits (it grows only when a window gains metrics or loses shared timings). Before, every finer window made a
 * new encoded partial for the store to hold until the next one (10,000 nodes' 5 KB every minute): bytes that
 * lived a minute, so they were promoted, and JFR's old-object samples showed them as two thirds of the old
 * generation's sampled objects.
 */
final class CoarsePartial {
    /** What an empty partial (between two coarser windows) is stored as: a window with no metrics. */
    private static final byte[] EMPTY = new WindowTrends(Long.MIN_VALUE, Long.MIN_VALUE, new NodeTrends()).toBytes();

    private byte[] bytes = new byte[0];
    private int length;
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
        return startOf(bytes);
    }

    /** A stored window's start, read where every version of {@link WindowTrends}' layout keeps it. */
    private static long startOf(byte[] window) {
        return ByteBuffer.wrap(window).getLong(StateFormat.bodyOffset(window));
    }

    /** Starts the window {@code [start, end)} with {@code first}'s trends, in the same array when it fits. */
    void restart(long start, long end, NodeTrends first) {
        write(new WindowTrends(start, end, first));
        open = true;
    }

    /** Adds {@code later}, the node's next finer window. */
    void merge(NodeTrends later) {
        WindowTrends w = window();
        write(new WindowTrends(w.start(), w.end(), w.trends().merge(later)));
    }

    /** The window as built so far, as objects of its own. */
    WindowTrends window() {
        return WindowTrends.readFrom(ByteBuffer.wrap(bytes, 0, length));
    }

    /** Between two windows: the array stays for the node's next one. */
    void close() {
        open = false;
    }

    private void write(WindowTrends w) {
        int size = w.bytes();
        if (size > bytes.length) {
            bytes = new byte[size + size / 8];
        }
        w.writeTo(ByteBuffer.wrap(bytes));
        length = size;
    }

    /** The stored form: an open partial as its window, an empty one as a window with no metrics. */
    byte[] toBytes() {
        return open ? Arrays.copyOf(bytes, length) : EMPTY.clone();
    }

    /** Reads any version of {@link WindowTrends}' layout; a window starting at {@code Long.MIN_VALUE} is empty. */
    static CoarsePartial fromBytes(byte[] stored) {
        CoarsePartial p = new CoarsePartial();
        if (startOf(stored) != Long.MIN_VALUE) {
            p.bytes = stored;
            p.length = stored.length;
            p.open = true;
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
