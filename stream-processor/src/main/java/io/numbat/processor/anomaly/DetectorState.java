package io.numbat.processor.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The mutable per-series state of an {@link AnomalyDetector} and its fixed-size byte layout. The first
 * byte names the layout, so a state-store entry is never misread: 1 is the transition model (the only
 * layout before the detector could be chosen, unchanged), 2 the seasonal baseline, 3 both (the ensemble).
 * All three share the header (counts, range, mean, the transition model's calibration, mute); the
 * transition model's block counts follow for 1 and 3, the daily profile for 2 and 3.
 */
final class DetectorState {
    static final byte VERSION = 1;
    static final byte SEASONAL = 2;
    static final byte ENSEMBLE = 3;
    private static final int HEADER = 1 + 2 * Long.BYTES + 6 * Double.BYTES + Integer.BYTES;
    static final int BYTES = HEADER + BlockSequence.BYTES;

    final AnomalyDetector.Kind kind;
    long count;
    long lastMillis;
    double min;
    double max;
    double mean;
    /** Short average of the block surprise. */
    double average;
    /** Long mean and variance of {@link #average}: what is normal surprise for this series. */
    double longMean;

    double longVariance;
    int mute;
    /** The transition model (null for the seasonal baseline alone). */
    final BlockSequence blocks;
    /** The daily profile (null for the transition model alone). */
    final DailyProfile profile;

    DetectorState(AnomalyDetector.Kind kind) {
        this.kind = kind;
        this.blocks = kind == AnomalyDetector.Kind.SEASONAL ? null : new BlockSequence();
        this.profile = kind == AnomalyDetector.Kind.TRANSITION ? null : new DailyProfile();
    }

    static int bytes(AnomalyDetector.Kind kind) {
        return HEADER
                + (kind == AnomalyDetector.Kind.SEASONAL ? 0 : BlockSequence.BYTES)
                + (kind == AnomalyDetector.Kind.TRANSITION ? 0 : DailyProfile.BYTES);
    }

    private static byte layout(AnomalyDetector.Kind kind) {
        return switch (kind) {
            case TRANSITION -> VERSION;
            case SEASONAL -> SEASONAL;
            case ENSEMBLE -> ENSEMBLE;
        };
    }

    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(bytes(kind));
        out.put(layout(kind)).putLong(count).putLong(lastMillis);
        out.putDouble(min).putDouble(max).putDouble(mean);
        out.putDouble(average).putDouble(longMean).putDouble(longVariance);
        out.putInt(mute);
        if (blocks != null) {
            blocks.write(out);
        }
        if (profile != null) {
            profile.write(out);
        }
        return out.array();
    }

    static DetectorState fromBytes(byte[] bytes) {
        AnomalyDetector.Kind kind = bytes == null || bytes.length == 0
                ? null
                : switch (bytes[0]) {
                    case VERSION -> AnomalyDetector.Kind.TRANSITION;
                    case SEASONAL -> AnomalyDetector.Kind.SEASONAL;
                    case ENSEMBLE -> AnomalyDetector.Kind.ENSEMBLE;
                    default -> null;
                };
        if (kind == null || bytes.length != bytes(kind)) {
            throw new IllegalArgumentException("not an anomaly detector state of layout 1, 2 or 3 ("
                    + (bytes == null ? "null" : bytes.length + " bytes") + ")");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            DetectorState s = new DetectorState(kind);
            s.count = in.getLong();
            s.lastMillis = in.getLong();
            s.min = in.getDouble();
            s.max = in.getDouble();
            s.mean = in.getDouble();
            s.average = in.getDouble();
            s.longMean = in.getDouble();
            s.longVariance = in.getDouble();
            s.mute = in.getInt();
            if (s.blocks != null) {
                s.blocks.read(in);
            }
            if (s.profile != null) {
                s.profile.read(in);
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated anomaly detector state", e);
        }
    }
}
