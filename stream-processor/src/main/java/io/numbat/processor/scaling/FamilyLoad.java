package io.numbat.processor.scaling;

import io.numbat.processor.state.StateFormat;
import io.numbat.schemas.PolicyMode;
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
 * and when it was measured, each node's soonest exhaustion forecast, when the family was last
 * scaled out and in (by the policy or by an operator), and the operator's policy mode. Stored as
 * bytes; the mode is a trailer that state written before modes existed lacks (it reads as AUTO).
 */
public final class FamilyLoad {
    /** One node's latest windowed utilisation. */
    public record NodeLoad(double utilisation, long atMillis) {}

    /** A node's forecast: {@code metric} reaches its limit {@code secondsToExhaustion} after {@code atMillis}. */
    public record NodeForecast(int metric, double secondsToExhaustion, long atMillis) {
        /** Seconds left at {@code nowMillis}. */
        public double secondsLeft(long nowMillis) {
            return secondsToExhaustion - (nowMillis - atMillis) / 1000.0;
        }
    }

    private final Map<String, NodeLoad> nodes = new TreeMap<>();
    private final Map<String, NodeForecast> forecasts = new TreeMap<>();
    private long lastScaleOutMillis = Long.MIN_VALUE;
    private long lastScaleInMillis = Long.MIN_VALUE;
    private PolicyMode mode = PolicyMode.AUTO;
    private int pinnedNodes;
    private long modeSinceMillis = Long.MIN_VALUE;

    public void update(String node, double utilisation, long atMillis) {
        nodes.merge(
                node, new NodeLoad(utilisation, atMillis), (old, neu) -> neu.atMillis() >= old.atMillis() ? neu : old);
    }

    /**
     * Records a node's forecast; a node keeps the one that runs out first (a newer forecast of the
     * same metric replaces the older).
     */
    public void forecast(String node, int metric, double secondsToExhaustion, long atMillis) {
        NodeForecast f = new NodeForecast(metric, secondsToExhaustion, atMillis);
        forecasts.merge(
                node,
                f,
                (old, neu) -> old.metric() == neu.metric()
                        ? (neu.atMillis() >= old.atMillis() ? neu : old)
                        : (neu.secondsLeft(atMillis) < old.secondsLeft(atMillis) ? neu : old));
    }

    /** Forgets nodes that have not reported since {@code cutoffMillis} (stopped or dead). */
    public void forgetOlderThan(long cutoffMillis) {
        nodes.values().removeIf(l -> l.atMillis() < cutoffMillis);
    }

    /** Forgets forecasts made before {@code cutoffMillis}: forecasts stop when a trend ends. */
    public void forgetForecastsOlderThan(long cutoffMillis) {
        forecasts.values().removeIf(f -> f.atMillis() < cutoffMillis);
    }

    public Map<String, NodeForecast> forecasts() {
        return forecasts;
    }

    public Map<String, NodeLoad> nodes() {
        return nodes;
    }

    /** Nodes with a utilisation or a forecast (counted without building their union: this runs for every signal). */
    public int reportingNodes() {
        int n = nodes.size();
        for (String node : forecasts.keySet()) {
            if (!nodes.containsKey(node)) {
                n++;
            }
        }
        return n;
    }

    /** A plain loop, not a stream's compensated sum: it runs for every signal over every node of the family. */
    public double meanUtilisation() {
        if (nodes.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (NodeLoad l : nodes.values()) {
            sum += l.utilisation();
        }
        return sum / nodes.size();
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

    public PolicyMode mode() {
        return mode;
    }

    /** PINNED only: the size the policy keeps the family at. */
    public int pinnedNodes() {
        return pinnedNodes;
    }

    /** When the operator set the mode (Long.MIN_VALUE: never). */
    public long modeSinceMillis() {
        return modeSinceMillis;
    }

    /** The operator's latest mode wins; a mode older than the one held (a replayed record) is ignored. */
    public void mode(PolicyMode mode, int pinnedNodes, long atMillis) {
        if (atMillis >= modeSinceMillis) {
            this.mode = mode;
            this.pinnedNodes = pinnedNodes;
            this.modeSinceMillis = atMillis;
        }
    }

    /** The mode stored as {@code code} (its ordinal); AUTO for a code this build does not know. */
    static PolicyMode modeOf(int code) {
        PolicyMode[] modes = PolicyMode.values();
        return code >= 0 && code < modes.length ? modes[code] : PolicyMode.AUTO;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(StateFormat.V2);
            out.writeLong(lastScaleOutMillis);
            out.writeLong(lastScaleInMillis);
            out.writeInt(nodes.size());
            for (Map.Entry<String, NodeLoad> e : nodes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue().utilisation());
                out.writeLong(e.getValue().atMillis());
            }
            out.writeInt(forecasts.size());
            for (Map.Entry<String, NodeForecast> e : forecasts.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().metric());
                out.writeDouble(e.getValue().secondsToExhaustion());
                out.writeLong(e.getValue().atMillis());
            }
            out.writeByte(mode.ordinal());
            out.writeInt(pinnedNodes);
            out.writeLong(modeSinceMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static FamilyLoad fromBytes(byte[] bytes) {
        FamilyLoad f = new FamilyLoad();
        int body = StateFormat.bodyOffset(bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, body, bytes.length - body))) {
            f.lastScaleOutMillis = in.readLong();
            f.lastScaleInMillis = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                f.nodes.put(in.readUTF(), new NodeLoad(in.readDouble(), in.readLong()));
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                f.forecasts.put(in.readUTF(), new NodeForecast(in.readInt(), in.readDouble(), in.readLong()));
            }
            if (in.available() > 0) {
                f.mode = modeOf(in.readByte());
                f.pinnedNodes = in.readInt();
                f.modeSinceMillis = in.readLong();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }
}
