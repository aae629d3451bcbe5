package io.numbat.processor.scaling;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the scaling rule knows about one family: each reporting node's latest mean utilisation
 * and when it was measured, and when the family was last scaled out and in.
 */
public final class FamilyLoad {
    /** One node's latest windowed utilisation. */
    public record NodeLoad(double utilisation, long atMillis) {
    }

    private final Map<String, NodeLoad> nodes = new TreeMap<>();
    private long lastScaleOutMillis = Long.MIN_VALUE;
    private long lastScaleInMillis = Long.MIN_VALUE;

    public void update(String node, double utilisation, long atMillis) {
        nodes.merge(node, new NodeLoad(utilisation, atMillis),
                (old, neu) -> neu.atMillis() >= old.atMillis() ? neu : old);
    }

    /** Forgets nodes that have not reported since {@code cutoffMillis} (stopped or dead). */
    public void forgetOlderThan(long cutoffMillis) {
        nodes.values().removeIf(l -> l.atMillis() < cutoffMillis);
    }

    public Map<String, NodeLoad> nodes() {
        return nodes;
    }

    public double meanUtilisation() {
        return nodes.values().stream().mapToDouble(NodeLoad::utilisation).average().orElse(0);
    }

    public long lastScaleOutMillis() {
        return lastScaleOutMillis;
    }

    public void scaledOutAt(long millis) {
        lastScaleOutMillis = millis;
    }

    public long lastScaleInMillis() {
        return lastScaleInMillis;
    }

    public void scaledInAt(long millis) {
        lastScaleInMillis = millis;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(lastScaleOutMillis);
            out.writeLong(lastScaleInMillis);
            out.writeInt(nodes.size());
            for (Map.Entry<String, NodeLoad> e : nodes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue().utilisation());
                out.writeLong(e.getValue().atMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static FamilyLoad fromBytes(byte[] bytes) {
        FamilyLoad f = new FamilyLoad();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            f.lastScaleOutMillis = in.readLong();
            f.lastScaleInMillis = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                f.nodes.put(in.readUTF(), new NodeLoad(in.readDouble(), in.readLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }
}
