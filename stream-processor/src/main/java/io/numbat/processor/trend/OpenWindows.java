package io.numbat.processor.trend;

import io.numbat.processor.state.StateFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A node's finest trend windows that have not closed yet, oldest first: usually one, two while a late
 * batch may still join the previous window. Stored as a version byte, the count, then each window as
 * its length and {@link WindowTrends#toBytes()}. Version 1 held the windows without their own version byte
 * (their first layout), version 2 with it, version 3 in their compact layout (WindowTrends version 3). All
 * three read.
 */
public final class OpenWindows {
    static final byte VERSION = StateFormat.V3;

    private final List<WindowTrends> windows = new ArrayList<>(2);
    /** The trends of the last closed window, emptied, for the next one to reuse; not stored. */
    private NodeTrends spare;

    public List<WindowTrends> windows() {
        return windows;
    }

    /** The window starting at {@code start}, opened if it is not there yet. */
    public NodeTrends window(long start, long sizeMillis) {
        int i = 0;
        while (i < windows.size() && windows.get(i).start() < start) {
            i++;
        }
        if (i < windows.size() && windows.get(i).start() == start) {
            return windows.get(i).trends();
        }
        WindowTrends w = new WindowTrends(start, start + sizeMillis, spare != null ? spare : new NodeTrends());
        spare = null;
        windows.add(i, w);
        return w.trends();
    }

    /** Removes and returns the window ending at {@code end}, or null. */
    public WindowTrends close(long end) {
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).end() == end) {
                return windows.remove(i);
            }
        }
        return null;
    }

    /** Hands the trends of a closed window back once nothing refers to them any more, for reuse. */
    public void recycle(NodeTrends trends) {
        spare = trends.reset();
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }

    public byte[] toBytes() {
        int[] lengths = new int[windows.size()];
        int size = 1 + Integer.BYTES;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = windows.get(i).bytes();
            size += Integer.BYTES + lengths[i];
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putInt(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            out.putInt(lengths[i]);
            windows.get(i).writeTo(out);
        }
        return out.array();
    }

    public static OpenWindows fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException(
                    "open trend windows of version " + version + ", this build reads 1 to " + VERSION);
        }
        OpenWindows o = new OpenWindows();
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            int length = in.getInt();
            int next = in.position() + length;
            o.windows.add(WindowTrends.readFrom(in));
            in.position(next);
        }
        return o;
    }

    /** Serde for the state store. */
    public static final class Serde extends Serdes.WrapperSerde<OpenWindows> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : OpenWindows.fromBytes(b));
        }
    }
}
