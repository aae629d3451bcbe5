package io.numbat.processor.trend;

import java.nio.ByteBuffer;

/**
 * Running summary of one metric over one window: count, mean, min, max, last, the least-squares
 * slope per second, and for counters the increase with resets handled (a drop means the counter
 * restarted from zero, so the new value is all increase). Plain Java, no Kafka types.
 *
 * <p>One metric on its own, with its own {@link TrendFields} and {@link SampleTiming}; a node's window keeps
 * all its metrics side by side instead ({@link NodeTrends}), and hands out copies of this class.
 */
public final class TrendAccumulator {
    static final int BYTES = TrendFields.FIXED_BYTES;

    private final double[] v;
    private final SampleTiming timing;

    public TrendAccumulator() {
        this(new double[TrendFields.WIDTH], new SampleTiming());
        TrendFields.clear(v, 0);
    }

    /** Over {@code v} ({@link TrendFields#WIDTH} long) and {@code timing}, both its own from now on. */
    TrendAccumulator(double[] v, SampleTiming timing) {
        this.v = v;
        this.timing = timing;
    }

    /** Adds one sample; non-finite values are ignored (they are not measurements). */
    public TrendAccumulator add(long timestampMillis, double value) {
        if (Double.isFinite(value)) {
            TrendFields.addValue(v, 0, timing, timestampMillis, value);
            timing.add(timestampMillis);
        }
        return this;
    }

    /**
     * This window followed by {@code later}, a window that starts after this one ends (as a 1 min
     * window followed by the next one): the result is exactly what adding both windows' samples in
     * order would give, the counter increase across the boundary included. A new accumulator.
     */
    public TrendAccumulator merge(TrendAccumulator later) {
        double[] out = new double[TrendFields.WIDTH];
        TrendFields.merge(v, 0, timing, later.v, 0, later.timing, out, 0);
        return new TrendAccumulator(out, TrendFields.mergedTiming(timing, later.timing));
    }

    public long count() {
        return timing.count;
    }

    public double mean() {
        return TrendFields.mean(v, 0, timing);
    }

    public double min() {
        return v[TrendFields.MIN];
    }

    public double max() {
        return v[TrendFields.MAX];
    }

    public double last() {
        return v[TrendFields.LAST];
    }

    /** Least-squares slope in units per second; 0 with fewer than two distinct times. */
    public double slope() {
        return TrendFields.slope(v, 0, timing);
    }

    /** Counter increase per second between the first and last sample, resets handled; NaN if unknown. */
    public double rate() {
        return TrendFields.rate(v, 0, timing);
    }

    /** The first layout (state version 1 and 2): every field, {@link #BYTES} bytes. */
    void writeTo(ByteBuffer b) {
        TrendFields.writeFixed(b, v, 0, timing);
    }

    static TrendAccumulator readFrom(ByteBuffer b) {
        double[] v = new double[TrendFields.WIDTH];
        return new TrendAccumulator(v, TrendFields.readFixed(b, v, 0));
    }
}
