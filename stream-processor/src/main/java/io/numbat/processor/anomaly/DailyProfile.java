package io.numbat.processor.anomaly;

import java.nio.ByteBuffer;

/**
 * The seasonal baseline (row #82 of docs/anomaly-experiments.md, with the fixes of rows #93-96): a daily profile
 * learnt online in {@link #BINS} time-of-day bins of 30 minutes (UTC, from the sample's timestamp), each an
 * exponential mean and mean absolute deviation of the values that fell in it. A sample's residual from its bin's
 * mean, in units of the bin's deviation plus a floor, is the surprise; the surprise is calibrated on the series'
 * own history exactly like the transition model's (a gain-0.1 average, compared with its long mean and deviation)
 * into a one-sided Gaussian tail probability. No look-ahead: each sample is scored against the profile before it
 * is learnt. State: {@link #BYTES} bytes.
 *
 * <p>What makes a residual evidence (each rule found by instrumenting false alarms on the simulated fleet, 10-second
 * sampling, and none changing the NAB replays except the last):
 *
 * <ul>
 *   <li>A bin predicts only once it has had {@link #VISITS} visits <em>and</em> was first visited on an earlier UTC
 *       day: a profile of the time of day needs that time of day seen on another day. At NAB's 5-minute sampling the
 *       seventh visit is on the next day anyway; at 10 seconds six visits are the bin's first minute, and six samples
 *       of 0..4 that happened to be 3s and 4s put the next 0 at eight deviations (issue 18's two false alarms).
 *   <li>A visit weighs {@link #GAIN} per {@link #GAIN_INTERVAL_SECONDS} of sampling interval, so a bin has the same
 *       memory in days at any rate (at 10 seconds a gain of 0.1 made it the level of its last 2 minutes).
 *   <li>A series that has never changed has no scale: nothing is scored until it does.
 *   <li>The floor is {@link #FLOOR} of the seen range or the series' resolution (the smallest change between two
 *       samples in a row), whichever is larger: a bin that only ever saw 0 has no deviation, and a run queue's rare 1
 *       there is one step of an integer series, not 33 floors of 3 % of a range of 1.
 * </ul>
 */
final class DailyProfile {
    static final int BINS = 48;
    static final long DAY_SECONDS = 86_400;
    private static final long DAY_MILLIS = DAY_SECONDS * 1000;
    /** Visits a bin needs before its samples are scored. */
    static final int VISITS = 6;
    /** Fraction of the seen range added to a bin's deviation (unless the series' resolution is larger). */
    static final double FLOOR = 0.03;
    /**
     * Smallest gain of a bin's mean and deviation per visit (the first visits average), for a visit
     * {@link #GAIN_INTERVAL_SECONDS} or more after the series' previous sample; a visit sooner after it moves the
     * bin as a fraction of such a visit, 1 - (1 - GAIN)^(interval / GAIN_INTERVAL_SECONDS).
     */
    static final double GAIN = 0.1;
    /**
     * The sampling interval at which {@link #GAIN} was chosen (NAB's 5 minutes): at it and at longer intervals a
     * visit weighs {@link #GAIN}, so NAB's series score as before; at 10-second sampling a bin's 180 visits a day
     * move it as its 6 visits at 5 minutes do, instead of making it the level of its last 10 samples (2 minutes
     * of the half hour). The first visits average (gain 1 / visits, visits counted to 65,535), so at 10-second
     * sampling a bin is the mean of its first day and a half, then exponential.
     */
    static final double GAIN_INTERVAL_SECONDS = 300;
    /** The surprise is min(residual, CAP) / SCALE, about [0, 1] like the transition model's. */
    static final double SCALE = 10;

    static final double CAP = 100;
    /** Scored samples before the calibration is trusted. */
    static final int READY = 50;

    static final int BYTES =
            BINS * (2 * Float.BYTES + Character.BYTES + Integer.BYTES) + 5 * Double.BYTES + Integer.BYTES;
    /** Bytes of the layout before the first-visit days (stored detectors of layouts 2 and 3: visits in a byte). */
    static final int BYTES_WITHOUT_DAYS = BINS * (2 * Float.BYTES + 1) + 3 * Double.BYTES + Integer.BYTES;

    private final float[] mean = new float[BINS];
    private final float[] deviation = new float[BINS];
    /** Visits per bin, saturating at 65,535 (a byte, saturating at 127, before the first-visit days). */
    private final char[] visits = new char[BINS];
    /** The UTC day (days since the epoch, saturated to an int) of each bin's first visit. */
    private final int[] firstDay = new int[BINS];
    /** Short average of the surprise, and its long mean and variance: what is normal for this series. */
    private double average;

    private double longMean;
    private double longVariance;
    /** Samples scored so far (saturates). */
    private int ready;
    /** The previous sample (NaN before the first). */
    private double last = Double.NaN;
    /**
     * The series' resolution: the smallest change between two samples in a row seen so far (infinite while it has
     * not changed). No residual smaller than it is evidence: an integer series moves by 1 at least.
     */
    private double resolution = Double.POSITIVE_INFINITY;

    /**
     * The tail probability of this sample under the profile (1 while its bin or the calibration is not
     * ready), then learns it. {@code min} and {@code max} are the range seen before this sample, {@code
     * sinceMillis} the time since the series' previous sample.
     */
    double tail(long millis, long sinceMillis, double value, double min, double max) {
        int bin = (int) (Math.floorMod(millis / 1000, DAY_SECONDS) * BINS / DAY_SECONDS);
        int day = day(millis);
        double tail = 1;
        if (visits[bin] >= VISITS && day > firstDay[bin] && resolution < Double.POSITIVE_INFINITY) {
            double floor = Math.max(Math.max(FLOOR * (max - min), resolution), 1e-12);
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
        learn(bin, day, value, sinceMillis);
        if (value != last && !Double.isNaN(last)) {
            resolution = Math.min(resolution, Math.abs(value - last));
        }
        last = value;
        return tail;
    }

    private static int day(long millis) {
        long day = Math.floorDiv(millis, DAY_MILLIS);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, day));
    }

    /** A visit's gain once the bin's first visits have been averaged: {@link #GAIN} per {@link #GAIN_INTERVAL_SECONDS}. */
    static double gain(long sinceMillis) {
        double intervals = Math.min(1, Math.max(0, sinceMillis / (GAIN_INTERVAL_SECONDS * 1000)));
        return intervals >= 1 ? GAIN : 1 - Math.pow(1 - GAIN, intervals);
    }

    private void learn(int bin, int day, double value, long sinceMillis) {
        if (visits[bin] == 0) {
            firstDay[bin] = day;
            mean[bin] = (float) value;
            deviation[bin] = 0;
        } else {
            double e = value - mean[bin];
            double gain = Math.max(gain(sinceMillis), 1.0 / (visits[bin] + 1));
            mean[bin] += (float) (gain * e);
            deviation[bin] += (float) (gain * (Math.abs(e) - deviation[bin]));
        }
        if (visits[bin] < Character.MAX_VALUE) {
            visits[bin]++;
        }
    }

    void write(ByteBuffer out) {
        for (int i = 0; i < BINS; i++) {
            out.putFloat(mean[i]).putFloat(deviation[i]).putChar(visits[i]).putInt(firstDay[i]);
        }
        out.putDouble(average).putDouble(longMean).putDouble(longVariance).putInt(ready);
        out.putDouble(last).putDouble(resolution);
    }

    /**
     * Reads the state {@link #write} wrote or, with {@code withDays} false, the layout before the first-visit
     * days: a bin visited then counts as first visited on {@code lastMillis}'s day, so it predicts again from
     * the next day (a conservative reading: never a bin of one day's visits scored as a profile).
     */
    void read(ByteBuffer in, boolean withDays, long lastMillis) {
        for (int i = 0; i < BINS; i++) {
            mean[i] = in.getFloat();
            deviation[i] = in.getFloat();
            if (withDays) {
                visits[i] = in.getChar();
            } else {
                byte v = in.get();
                if (v < 0) {
                    throw new IllegalArgumentException("corrupt seasonal profile state");
                }
                visits[i] = (char) v;
            }
            firstDay[i] = withDays ? in.getInt() : visits[i] == 0 ? 0 : day(lastMillis);
        }
        average = in.getDouble();
        longMean = in.getDouble();
        longVariance = in.getDouble();
        ready = in.getInt();
        if (ready < 0) {
            throw new IllegalArgumentException("corrupt seasonal profile state");
        }
        if (withDays) {
            last = in.getDouble();
            resolution = in.getDouble();
            if (!(resolution >= 0)) {
                throw new IllegalArgumentException("corrupt seasonal profile state");
            }
        }
    }
}
