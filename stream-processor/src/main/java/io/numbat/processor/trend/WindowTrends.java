package io.numbat.processor.trend;

import io.numbat.processor.state.StateFormat;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serdes;

/** A node's {@link NodeTrends} over the window {@code [start, end)}. */
public record WindowTrends(long start, long end, NodeTrends trends) {

    public long size() {
        return end - start;
    }

    public byte[] toBytes() {
        byte[] t = trends.toBytes();
        return ByteBuffer.allocate(1 + 2 * Long.BYTES + t.length)
                .put(StateFormat.V2)
                .putLong(start)
                .putLong(end)
                .put(t)
                .array();
    }

    public static WindowTrends fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).position(StateFormat.bodyOffset(bytes));
        long start = b.getLong();
        long end = b.getLong();
        byte[] t = new byte[b.remaining()];
        b.get(t);
        return new WindowTrends(start, end, NodeTrends.fromBytes(t));
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
