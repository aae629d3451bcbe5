package io.numbat.processor.trend;

import io.numbat.processor.state.StateFormat;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serdes;

/** A node's {@link NodeTrends} over the window {@code [start, end)}. */
public record WindowTrends(long start, long end, NodeTrends trends) {

    public long size() {
        return end - start;
    }

    /** Version 3: the version byte, start, end, then the trends in their compact layout. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(bytes());
        writeTo(b);
        return b.array();
    }

    int bytes() {
        return 1 + 2 * Long.BYTES + trends.bytes();
    }

    void writeTo(ByteBuffer b) {
        b.put(StateFormat.V3).putLong(start).putLong(end);
        trends.writeTo(b);
    }

    /** Reads versions 1 and 2 (fixed-size accumulators) and 3 (compact). */
    public static WindowTrends fromBytes(byte[] bytes) {
        return readFrom(ByteBuffer.wrap(bytes));
    }

    /** Reads one window from {@code b}'s position. */
    static WindowTrends readFrom(ByteBuffer b) {
        int version = StateFormat.versionOf(b.get(b.position()));
        if (version != 1) {
            b.get();
        }
        long start = b.getLong();
        long end = b.getLong();
        return new WindowTrends(start, end, NodeTrends.readFrom(b, version == StateFormat.V3));
    }

    /** Serde for state stores and repartition topics. */
    public static final class Serde extends Serdes.WrapperSerde<WindowTrends> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : WindowTrends.fromBytes(b));
        }
    }
}
