package io.numbat.processor.health;

import io.numbat.processor.state.StateFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;

/**
 * When a node was last heard from (wall clock), its family and whether node_down is raised. Kept
 * apart from the rest of {@link NodeHealth} so the node-down check every few seconds reads some
 * 30 bytes per node instead of deserialising every node's forecasters and detectors.
 */
public final class NodeLiveness {
    String family = "";
    long lastSeenMillis;
    boolean down;

    public byte[] toBytes() {
        byte[] fam = family.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Integer.BYTES + fam.length + Long.BYTES + 1)
                .put(StateFormat.V2)
                .putInt(fam.length)
                .put(fam)
                .putLong(lastSeenMillis)
                .put((byte) (down ? 1 : 0))
                .array();
    }

    public static NodeLiveness fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).position(StateFormat.bodyOffset(bytes));
        NodeLiveness l = new NodeLiveness();
        byte[] fam = new byte[b.getInt()];
        b.get(fam);
        l.family = new String(fam, StandardCharsets.UTF_8);
        l.lastSeenMillis = b.getLong();
        l.down = b.get() != 0;
        return l;
    }

    /** State-store serde for {@link NodeLiveness}. */
    public static final class Serde extends Serdes.WrapperSerde<NodeLiveness> {
        public Serde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : NodeLiveness.fromBytes(b));
        }
    }
}
