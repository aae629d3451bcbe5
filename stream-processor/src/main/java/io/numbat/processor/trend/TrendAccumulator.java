package io.numbat.processor.trend;

import java.nio.ByteBuffer;

/**
 * Running summary of one metric over one window: count, mean, min, max, last, the least-squares
 * slope per second, and for counters the increase with resets handled (a drop means the counter
 * restarted from zero, so the new value is all increase). Plain Java, no Kafka types.
 */
public final class TrendAccumulator {
    static final int BYTES = Long.BYTES * 3 + Double.BYTES * 9;

    private long count;
    private long firstMillis;
    private long lastMillis;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double first;
    private double last;
    private double increase;
    // least squares over (t seconds since first sample, value)
    private double sumT;
    private double sumTT;
    private double sumTV;

    /** Adds one sample; non-finite values are ignored (they are not measurements). */
    public TrendAccumulator add(long timestampMillis, double value) {
        if (!Double.isFinite(value)) {
            return this;
        }
        if (count == 0) {
            firstMillis = timestampMillis;
            first = value;
        } else {
            increase += value >= last ? value - last : value;
        }
        double t = (timestampMillis - firstMillis) / 1000.0;
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        last = value;
        lastMillis = Math.max(lastMillis, timestampMillis);
        sumT += t;
        sumTT += t * t;
        sumTV += t * value;
        return this;
    }

    /**
     * This window followed by {@code later}, a window that starts after this one ends (as a 1 min
     * window followed by the next one): the result is exactly what adding both windows' samples in
     * order would give, the counter increase across the boundary included.
     */
    public TrendAccumulator merge(TrendAccumulator later) {
        if (later.count == 0) {
            return this;
        }
        if (count == 0) {
            return later.copy();
        }
        TrendAccumulator m = copy();
        m.increase += later.increase + (later.first >= last ? later.first - last : later.first);
        double shift = (later.firstMillis - firstMillis) / 1000.0; // later's times, counted from this window's start
        m.sumT += later.sumT + later.count * shift;
        m.sumTT += later.sumTT + 2 * shift * later.sumT + later.count * shift * shift;
        m.sumTV += later.sumTV + shift * later.sum;
        m.count += later.count;
        m.sum += later.sum;
        m.min = Math.min(min, later.min);
        m.max = Math.max(max, later.max);
        m.last = later.last;
        m.lastMillis = Math.max(lastMillis, later.lastMillis);
        return m;
    }

    /** Back to the empty state, for reuse in a node's next window. */
    void reset() {
        count = 0;
        firstMillis = 0;
        lastMillis = 0;
        sum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        first = 0;
        last = 0;
        increase = 0;
        sumT = 0;
        sumTT = 0;
        sumTV = 0;
    }

    private TrendAccumulator copy() {
        TrendAccumulator c = new TrendAccumulator();
        c.count = count;
        c.firstMillis = firstMillis;
        c.lastMillis = lastMillis;
        c.sum = sum;
        c.min = min;
        c.max = max;
        c.first = first;
        c.last = last;
        c.increase = increase;
        c.sumT = sumT;
        c.sumTT = sumTT;
        c.sumTV = sumTV;
        return c;
    }

    public long count() {
        return count;
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double last() {
        return last;
    }

    /** Least-squares slope in units per second; 0 with fewer than two distinct times. */
    public double slope() {
        double sumV = sum;
        double denominator = count * sumTT - sumT * sumT;
        if (count < 2 || denominator <= 1e-12) {
            return 0;
        }
        return (count * sumTV - sumT * sumV) / denominator;
    }

    /** Counter increase per second between the first and last sample, resets handled; NaN if unknown. */
    public double rate() {
        double seconds = (lastMillis - firstMillis) / 1000.0;
        return count < 2 || seconds <= 0 ? Double.NaN : increase / seconds;
    }

    /** The first layout (state version 1 and 2): every field, {@link #BYTES} bytes. */
    void writeTo(ByteBuffer b) {
        b.putLong(count)
                .putLong(firstMillis)
                .putLong(lastMillis)
                .putDouble(sum)
                .putDouble(min)
                .putDouble(max)
                .putDouble(last)
                .putDouble(increase)
                .putDouble(sumT)
                .putDouble(sumTT)
                .putDouble(sumTV)
                .putDouble(first);
    }

    static TrendAccumulator readFrom(ByteBuffer b) {
        TrendAccumulator a = new TrendAccumulator();
        a.count = b.getLong();
        a.firstMillis = b.getLong();
        a.lastMillis = b.getLong();
        a.sum = b.getDouble();
        a.min = b.getDouble();
        a.max = b.getDouble();
        a.last = b.getDouble();
        a.increase = b.getDouble();
        a.sumT = b.getDouble();
        a.sumTT = b.getDouble();
        a.sumTV = b.getDouble();
        a.first = b.getDouble();
        return a;
    }

    // The compact layout (state version 3). A node's metrics arrive in the same batches, so their
    // accumulators share count, times and time sums: those are written once per window (the "timing"
    // of the first accumulator with samples), and each accumulator says by a flag whether it has them.
    // A metric that did not move in the window writes one value for min, max, first and last.

    private static final int EMPTY = 1;
    private static final int OWN_TIMING = 2;
    private static final int CONSTANT = 4;
    static final int TIMING_BYTES = 3 * Long.BYTES + 2 * Double.BYTES;

    /** The flags of this accumulator's compact form next to {@code shared} (an accumulator with samples). */
    private int compactFlags(TrendAccumulator shared) {
        if (count == 0) {
            return EMPTY;
        }
        int flags = sameTiming(shared) ? 0 : OWN_TIMING;
        boolean constant = same(min, max) && same(min, first) && same(min, last) && same(increase, 0);
        return constant ? flags | CONSTANT : flags;
    }

    private boolean sameTiming(TrendAccumulator o) {
        return o != null
                && count == o.count
                && firstMillis == o.firstMillis
                && lastMillis == o.lastMillis
                && same(sumT, o.sumT)
                && same(sumTT, o.sumTT);
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** Bytes of {@link #writeCompact}. */
    int compactBytes(TrendAccumulator shared) {
        int flags = compactFlags(shared);
        if ((flags & EMPTY) != 0) {
            return 1;
        }
        int values = (flags & CONSTANT) != 0 ? 3 : 7;
        return 1 + ((flags & OWN_TIMING) != 0 ? TIMING_BYTES : 0) + values * Double.BYTES;
    }

    void writeTiming(ByteBuffer b) {
        b.putLong(count)
                .putLong(firstMillis)
                .putLong(lastMillis)
                .putDouble(sumT)
                .putDouble(sumTT);
    }

    static TrendAccumulator readTiming(ByteBuffer b) {
        TrendAccumulator t = new TrendAccumulator();
        t.count = b.getLong();
        t.firstMillis = b.getLong();
        t.lastMillis = b.getLong();
        t.sumT = b.getDouble();
        t.sumTT = b.getDouble();
        return t;
    }

    /** Writes this accumulator compactly; {@code shared} holds the window's shared timing, or is null. */
    void writeCompact(ByteBuffer b, TrendAccumulator shared) {
        int flags = compactFlags(shared);
        b.put((byte) flags);
        if ((flags & EMPTY) != 0) {
            return;
        }
        if ((flags & OWN_TIMING) != 0) {
            writeTiming(b);
        }
        b.putDouble(sum).putDouble(sumTV).putDouble(min);
        if ((flags & CONSTANT) == 0) {
            b.putDouble(max).putDouble(first).putDouble(last).putDouble(increase);
        }
    }

    static TrendAccumulator readCompact(ByteBuffer b, TrendAccumulator shared) {
        TrendAccumulator a = new TrendAccumulator();
        int flags = b.get();
        if ((flags & EMPTY) != 0) {
            return a;
        }
        TrendAccumulator timing = (flags & OWN_TIMING) != 0 ? readTiming(b) : shared;
        a.count = timing.count;
        a.firstMillis = timing.firstMillis;
        a.lastMillis = timing.lastMillis;
        a.sumT = timing.sumT;
        a.sumTT = timing.sumTT;
        a.sum = b.getDouble();
        a.sumTV = b.getDouble();
        a.min = b.getDouble();
        if ((flags & CONSTANT) != 0) {
            a.max = a.min;
            a.first = a.min;
            a.last = a.min;
        } else {
            a.max = b.getDouble();
            a.first = b.getDouble();
            a.last = b.getDouble();
            a.increase = b.getDouble();
        }
        return a;
    }
}
