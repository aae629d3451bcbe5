package io.numbat.processor.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The mutable per-series state of an {@link AnomalyDetector} and its fixed-size byte layout. The first
 * byte names the layout, so a state-store entry is never misread: 1 is the transition model (the only
 * layout before the detector could be chosen, unchanged), 4 the seasonal baseline, 5 both (the ensemble).
 * All share the header (counts, range, mean, the transition model's calibration, mute); the
 * transition model's block counts follow for 1 and 5, the daily profile for 4 and 5. Layouts 2 and 3 are
 * 4 and 5 before the daily profile kept each bin's first-visit day; they are still read
 * ({@link DailyProfile#read}) and written as 4 and 5 from then on.
 */
final class DetectorState {
    static final byte VERSION = 1;
    /** The seasonal baseline and the ensemble before the first-visit days: read, never written. */
    static final byte SEASONAL_WITHOUT_DAYS = 2;

    static final byte ENSEMBLE_WITHOUT_DAYS = 3;
    static final byte SEASONAL = 4;
    static final byte ENSEMBLE = 5;
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
                    case SEASONAL, SEASONAL_WITHOUT_DAYS -> AnomalyDetector.Kind.SEASONAL;
                    case ENSEMBLE, ENSEMBLE_WITHOUT_DAYS -> AnomalyDetector.Kind.ENSEMBLE;
                    default -> null;
                };
        boolean withDays = kind != null && bytes[0] != SEASONAL_WITHOUT_DAYS && bytes[0] != ENSEMBLE_WITHOUT_DAYS;
        int expected = kind == null
                ? -1
                : withDays ? bytes(kind) : bytes(kind) - DailyProfile.BYTES + DailyProfile.BYTES_WITHOUT_DAYS;
        if (kind == null || bytes.length != expected) {
            throw new IllegalArgumentException("not an anomaly detector state of layout 1 to 5 ("
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
                s.profile.read(in, withDays, s.lastMillis);
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated anomaly detector state", e);
        }
    }
}
