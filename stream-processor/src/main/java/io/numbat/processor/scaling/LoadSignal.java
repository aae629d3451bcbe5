package io.numbat.processor.scaling;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the scaling policy hears about a node: its mean scheduler utilisation over a trend window
 * (ending at {@code atMillis}), or a forecast that {@code metric} reaches its limit {@code value}
 * seconds after {@code atMillis}. Travels keyed by family on an internal repartition topic.
 */
public record LoadSignal(String node, boolean forecast, int metric, double value, long atMillis) {

    public static LoadSignal utilisation(String node, double mean, long windowEndMillis) {
        return new LoadSignal(node, false, 0, mean, windowEndMillis);
    }

    public static LoadSignal forecast(String node, int metric, double secondsToExhaustion, long atMillis) {
        return new LoadSignal(node, true, metric, secondsToExhaustion, atMillis);
    }

    public byte[] toBytes() {
        byte[] n = node.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + n.length + 1 + Integer.BYTES + Double.BYTES + Long.BYTES)
                .putInt(n.length).put(n).put((byte) (forecast ? 1 : 0)).putInt(metric).putDouble(value).putLong(atMillis)
                .array();
    }

    public static LoadSignal fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] n = new byte[b.getInt()];
        b.get(n);
        return new LoadSignal(new String(n, StandardCharsets.UTF_8), b.get() != 0, b.getInt(), b.getDouble(), b.getLong());
    }

    /** Serde for the repartition topic. */
    public static final class Serde extends Serdes.WrapperSerde<LoadSignal> {
        public Serde() {
            super((topic, v) -> v == null ? null : v.toBytes(), (topic, b) -> b == null ? null : LoadSignal.fromBytes(b));
        }
    }
}
