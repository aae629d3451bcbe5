package io.numbat.processor.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The mutable per-series state of an {@link AnomalyDetector} and its fixed-size byte layout
 * (version byte first, so the layout can evolve without misreading old state-store entries).
 */
final class DetectorState {
    static final byte VERSION = 1;
    static final int BYTES = 1 + 2 * Long.BYTES + 6 * Double.BYTES + Integer.BYTES + BlockSequence.BYTES;

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
    final BlockSequence blocks = new BlockSequence();

    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(BYTES);
        out.put(VERSION).putLong(count).putLong(lastMillis);
        out.putDouble(min).putDouble(max).putDouble(mean);
        out.putDouble(average).putDouble(longMean).putDouble(longVariance);
        out.putInt(mute);
        blocks.write(out);
        return out.array();
    }

    static DetectorState fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES || bytes[0] != VERSION) {
            throw new IllegalArgumentException("not an anomaly detector state of version " + VERSION + " ("
                    + (bytes == null ? "null" : bytes.length + " bytes") + ")");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            DetectorState s = new DetectorState();
            s.count = in.getLong();
            s.lastMillis = in.getLong();
            s.min = in.getDouble();
            s.max = in.getDouble();
            s.mean = in.getDouble();
            s.average = in.getDouble();
            s.longMean = in.getDouble();
            s.longVariance = in.getDouble();
            s.mute = in.getInt();
            s.blocks.read(in);
            return s;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated anomaly detector state", e);
        }
    }
}
