package io.numbat.processor.bottleneck;

import io.numbat.processor.state.StateFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What one node tells its family, keyed by family on the {@code bottleneck-signals-by-family}
 * repartition topic: per {@link Measure} the process type its raised bottleneck alarm blames (empty
 * when none) and that alarm's figure. Sent when one of its alarms changes and every
 * {@link BottleneckSettings#familyEvery()} otherwise, so the family also learns how many nodes it has.
 */
public record BottleneckSignal(String node, String family, long timestamp, String[] culprits, double[] figures) {
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(StateFormat.V2);
            out.writeUTF(node);
            out.writeUTF(family);
            out.writeLong(timestamp);
            out.writeByte(culprits.length);
            for (int i = 0; i < culprits.length; i++) {
                out.writeUTF(culprits[i]);
                out.writeDouble(figures[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads version 2, the first layout of this format (it always had its version byte). */
    public static BottleneckSignal fromBytes(byte[] bytes) {
        if (StateFormat.versionOf(bytes) != StateFormat.V2) {
            throw new IllegalArgumentException(
                    "not a bottleneck signal: version byte " + (bytes.length > 0 ? bytes[0] : -1));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            String node = in.readUTF();
            String family = in.readUTF();
            long t = in.readLong();
            int n = in.readByte();
            String[] culprits = new String[n];
            double[] figures = new double[n];
            for (int i = 0; i < n; i++) {
                culprits[i] = in.readUTF();
                figures[i] = in.readDouble();
            }
            return new BottleneckSignal(node, family, t, culprits, figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serde of the repartition topic. */
    public static final class Serde extends Serdes.WrapperSerde<BottleneckSignal> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : BottleneckSignal.fromBytes(b));
        }
    }
}
