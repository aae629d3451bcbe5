package io.numbat.processor.health;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.processor.anomaly.AnomalyDetector;
import io.numbat.processor.bottleneck.NodeBottlenecks;
import io.numbat.processor.forecast.ExhaustionForecaster;
import io.numbat.processor.state.StateFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the processor remembers about one node between batches: its family, its {@link NodeLiveness}
 * (stored apart), the level of each threshold alarm, and per limited metric
 * an exhaustion forecaster with its predicted-exhaustion alarm (level and blocks without a forecast),
 * and per watched metric an anomaly detector with its alarm, and its {@link NodeBottlenecks}.
 * Version 3 is version 2 followed by the bottleneck state; versions 1 and 2 read with none. Version 4 is
 * version 3 followed by the open window of anomaly scores ({@link AnomalyScoreWindow}); versions 1 to 3 read
 * with an empty one.
 */
public final class NodeHealth {
    String family = "";
    /** Stored in its own store, not in {@link #toBytes()}. */
    NodeLiveness liveness = new NodeLiveness();

    final Map<String, Integer> levels = new HashMap<>();
    final Map<Integer, ExhaustionForecaster> forecasters = new HashMap<>();
    final Map<Integer, int[]> predicted = new HashMap<>();
    final Map<Integer, AnomalyDetector> detectors = new HashMap<>();
    /** Per watched metric: whether its anomaly alarm is raised, and samples since the last anomalous one. */
    final Map<Integer, int[]> anomalies = new HashMap<>();
    /** The bottleneck alarms' state (version 3 on). */
    NodeBottlenecks bottlenecks = new NodeBottlenecks();
    /** The watched metrics' anomaly scores since the current minute began (version 4 on). */
    AnomalyScoreWindow scores = new AnomalyScoreWindow();

    /** This node's alarm ids by alarm type, so the per-sample level checks do not build them; not stored. */
    private final Map<String, String> alarmIds = new HashMap<>();

    /** The id of this node's {@code type} alarm that has no metric (see {@link AlarmTypes#id}). */
    String alarmId(String node, String type) {
        return alarmIds.computeIfAbsent(type, t -> AlarmTypes.id(node, t, null));
    }

    public NodeLiveness liveness() {
        return liveness;
    }

    /** Attaches the liveness read from its own store. */
    public NodeHealth with(NodeLiveness l) {
        liveness = l;
        return this;
    }

    /** About the bytes of {@link #toBytes()} (names are counted as 32 bytes), so its buffer rarely grows. */
    private int estimatedBytes() {
        int bytes = 64 + levels.size() * 32 + bottlenecks.estimatedBytes() + scores.estimatedBytes();
        for (ExhaustionForecaster f : forecasters.values()) {
            bytes += 8 + f.bytes();
        }
        for (AnomalyDetector d : detectors.values()) {
            bytes += 9 + d.stateBytes();
        }
        return bytes;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimatedBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(StateFormat.V4);
            out.writeUTF(family);
            out.writeShort(levels.size());
            for (Map.Entry<String, Integer> e : levels.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeByte(e.getValue());
            }
            out.writeShort(forecasters.size());
            for (Map.Entry<Integer, ExhaustionForecaster> e : forecasters.entrySet()) {
                out.writeInt(e.getKey());
                out.writeShort(e.getValue().bytes());
                e.getValue().writeTo(out);
                int[] p = predicted.getOrDefault(e.getKey(), new int[2]);
                out.writeByte(p[0]);
                out.writeByte(p[1]);
            }
            out.writeShort(detectors.size());
            for (Map.Entry<Integer, AnomalyDetector> e : detectors.entrySet()) {
                out.writeInt(e.getKey());
                byte[] d = e.getValue().toBytes();
                out.writeShort(d.length);
                out.write(d);
                int[] a = anomalies.getOrDefault(e.getKey(), new int[2]);
                out.writeByte(a[0]);
                out.writeShort(Math.min(a[1], Short.MAX_VALUE));
            }
            bottlenecks.write(out);
            scores.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static NodeHealth fromBytes(byte[] bytes, ExhaustionForecaster.Settings settings) {
        NodeHealth h = new NodeHealth();
        int body = StateFormat.bodyOffset(bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, body, bytes.length - body))) {
            h.family = in.readUTF();
            int levels = in.readShort();
            for (int i = 0; i < levels; i++) {
                h.levels.put(in.readUTF(), (int) in.readByte());
            }
            int forecasters = in.readShort();
            for (int i = 0; i < forecasters; i++) {
                int metric = in.readInt();
                byte[] f = new byte[in.readShort()];
                in.readFully(f);
                h.forecasters.put(metric, ExhaustionForecaster.fromBytes(settings, f));
                h.predicted.put(metric, new int[] {in.readByte(), in.readByte()});
            }
            int detectors = in.readShort();
            for (int i = 0; i < detectors; i++) {
                int metric = in.readInt();
                byte[] d = new byte[in.readShort()];
                in.readFully(d);
                h.detectors.put(metric, AnomalyDetector.fromBytes(d));
                h.anomalies.put(metric, new int[] {in.readByte(), in.readShort()});
            }
            if (StateFormat.versionOf(bytes) >= StateFormat.V3) {
                h.bottlenecks = NodeBottlenecks.read(in);
            }
            if (StateFormat.versionOf(bytes) >= StateFormat.V4) {
                h.scores = AnomalyScoreWindow.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return h;
    }
}
