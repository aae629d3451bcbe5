package io.numbat.processor.anomaly;

import java.nio.ByteBuffer;

/**
 * The seasonal baseline (row #82 of docs/anomaly-experiments.md): a daily profile learnt online in
 * {@link #BINS} time-of-day bins of 30 minutes (UTC, from the sample's timestamp), each an exponential
 * mean and mean absolute deviation of the values that fell in it. Once a sample's bin has had
 * {@link #VISITS} visits, its residual in units of the bin's deviation (plus {@link #FLOOR} of the seen
 * range, so a bin that has never varied does not make every change infinite) is the surprise; the surprise
 * is calibrated on the series' own history exactly like the transition model's (a gain-0.1 average,
 * compared with its long mean and deviation) into a one-sided Gaussian tail probability. No look-ahead:
 * each sample is scored against the profile before it is learnt. State: {@link #BYTES} bytes.
 */
final class DailyProfile {
    static final int BINS = 48;
    static final long DAY_SECONDS = 86_400;
    /** Visits a bin needs before its samples are scored. */
    static final int VISITS = 6;
    /** Fraction of the seen range added to a bin's deviation. */
    static final double FLOOR = 0.03;
    /** Smallest gain of a bin's mean and deviation per visit (the first visits average). */
    static final double GAIN = 0.1;
    /** The surprise is min(residual, CAP) / SCALE, about [0, 1] like the transition model's. */
    static final double SCALE = 10;

    static final double CAP = 100;
    /** Scored samples before the calibration is trusted. */
    static final int READY = 50;

    static final int BYTES = BINS * (2 * Float.BYTES + 1) + 3 * Double.BYTES + Integer.BYTES;

    private final float[] mean = new float[BINS];
    private final float[] deviation = new float[BINS];
    private final byte[] visits = new byte[BINS];
    /** Short average of the surprise, and its long mean and variance: what is normal for this series. */
    private double average;

    private double longMean;
    private double longVariance;
    /** Samples scored so far (saturates). */
    private int ready;

    /**
     * The tail probability of this sample under the profile (1 while its bin or the calibration is not
     * ready), then learns it. {@code min} and {@code max} are the range seen before this sample.
     */
    double tail(long millis, double value, double min, double max) {
        int bin = (int) (Math.floorMod(millis / 1000, DAY_SECONDS) * BINS / DAY_SECONDS);
        double tail = 1;
        if (visits[bin] >= VISITS) {
            double floor = Math.max(FLOOR * (max - min), 1e-12);
            double surprise = Math.min(Math.abs(value - mean[bin]) / (deviation[bin] + floor), CAP) / SCALE;
            if (ready < Integer.MAX_VALUE) {
                ready++;
            }
            average = ready == 1 ? surprise : average + AnomalyDetector.SHORT_GAIN * (surprise - average);
            double gain = Math.max(AnomalyDetector.LONG_GAIN, 1.0 / ready);
            double d = average - longMean;
            longMean += gain * d;
            longVariance = (1 - gain) * (longVariance + gain * d * d);
            if (ready > READY) {
                tail = Tail.tail(
                        average,
                        Math.max(longMean, AnomalyDetector.MIN_MEAN),
                        Math.sqrt(Math.max(longVariance, AnomalyDetector.MIN_VARIANCE)));
            }
        }
        learn(bin, value);
        return tail;
    }

    private void learn(int bin, double value) {
        if (visits[bin] == 0) {
            mean[bin] = (float) value;
            deviation[bin] = 0;
        } else {
            double e = value - mean[bin];
            double gain = Math.max(GAIN, 1.0 / (visits[bin] + 1));
            mean[bin] += (float) (gain * e);
            deviation[bin] += (float) (gain * (Math.abs(e) - deviation[bin]));
        }
        if (visits[bin] < Byte.MAX_VALUE) {
            visits[bin]++;
        }
    }

    void write(ByteBuffer out) {
        for (int i = 0; i < BINS; i++) {
            out.putFloat(mean[i]).putFloat(deviation[i]).put(visits[i]);
        }
        out.putDouble(average).putDouble(longMean).putDouble(longVariance).putInt(ready);
    }

    void read(ByteBuffer in) {
        for (int i = 0; i < BINS; i++) {
            mean[i] = in.getFloat();
            deviation[i] = in.getFloat();
            visits[i] = in.get();
            if (visits[i] < 0) {
                throw new IllegalArgumentException("corrupt seasonal profile state");
            }
        }
        average = in.getDouble();
        longMean = in.getDouble();
        longVariance = in.getDouble();
        ready = in.getInt();
        if (ready < 0) {
            throw new IllegalArgumentException("corrupt seasonal profile state");
        }
    }
}
