package io.numbat.processor.trend;

import java.nio.ByteBuffer;

/**
 * Running summary of one metric over one window: count, mean, min, max, last, the least-squares
 * slope per second, and for counters the increase with resets handled (a drop means the counter
 * restarted from zero, so the new value is all increase). Plain Java, no Kafka types.
 *
 * <p>The count and the times of the samples are a {@link Timing}, which the metrics of one node's window
 * share while they arrive in the same batches ({@link NodeTrends} keeps one for all of them, and gives a
 * metric its own copy when it misses a batch): at 10,000 nodes of 100 metrics, two windows each, that is
 * 2 million accumulators of 72 bytes instead of 112.
 */
public final class TrendAccumulator {
    static final int BYTES = Long.BYTES * 3 + Double.BYTES * 9;

    /** The count and times of a metric's samples in a window, shared by the metrics that had the same. */
    static final class Timing {
        private long count;
        private long firstMillis;
        private long lastMillis;
        // least squares over (t seconds since first sample, value): the time sums
        private double sumT;
        private double sumTT;

        /** Seconds from the first sample to {@code timestampMillis}; 0 for the first sample. */
        double secondsOf(long timestampMillis) {
            return count == 0 ? 0 : (timestampMillis - firstMillis) / 1000.0;
        }

        /** Counts one sample at {@code timestampMillis}. */
        void add(long timestampMillis) {
            if (count == 0) {
                firstMillis = timestampMillis;
            }
            double t = (timestampMillis - firstMillis) / 1000.0;
            count++;
            lastMillis = Math.max(lastMillis, timestampMillis);
            sumT += t;
            sumTT += t * t;
        }

        long count() {
            return count;
        }

        void reset() {
            count = 0;
            firstMillis = 0;
            lastMillis = 0;
            sumT = 0;
            sumTT = 0;
        }

        Timing copy() {
            Timing c = new Timing();
            c.count = count;
            c.firstMillis = firstMillis;
            c.lastMillis = lastMillis;
            c.sumT = sumT;
            c.sumTT = sumTT;
            return c;
        }

        boolean sameAs(Timing o) {
            return o == this
                    || (o != null
                            && count == o.count
                            && firstMillis == o.firstMillis
                            && lastMillis == o.lastMillis
                            && same(sumT, o.sumT)
                            && same(sumTT, o.sumTT));
        }

        void writeTo(ByteBuffer b) {
            b.putLong(count)
                    .putLong(firstMillis)
                    .putLong(lastMillis)
                    .putDouble(sumT)
                    .putDouble(sumTT);
        }

        static Timing readFrom(ByteBuffer b) {
            Timing t = new Timing();
            t.count = b.getLong();
            t.firstMillis = b.getLong();
            t.lastMillis = b.getLong();
            t.sumT = b.getDouble();
            t.sumTT = b.getDouble();
            return t;
        }
    }

    private Timing timing;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double first;
    private double last;
    private double increase;
    private double sumTV;

    public TrendAccumulator() {
        this(new Timing());
    }

    TrendAccumulator(Timing timing) {
        this.timing = timing;
    }

    /** Adds one sample; non-finite values are ignored (they are not measurements). */
    public TrendAccumulator add(long timestampMillis, double value) {
        if (!Double.isFinite(value)) {
            return this;
        }
        addValue(timestampMillis, value);
        timing.add(timestampMillis);
        return this;
    }

    /**
     * The value's part of {@link #add}, with a finite value: the timing is left as it was, for whoever
     * shares it to count the sample once for every metric of the batch ({@link NodeTrends#add}).
     */
    void addValue(long timestampMillis, double value) {
        if (timing.count == 0) {
            first = value;
        } else {
            increase += value >= last ? value - last : value;
        }
        double t = timing.secondsOf(timestampMillis);
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        last = value;
        sumTV += t * value;
    }

    /** Whether this accumulator counts its samples with {@code shared}. */
    boolean shares(Timing shared) {
        return timing == shared;
    }

    /** Leaves a shared timing: from now on this accumulator counts its own samples. */
    void ownTiming() {
        timing = timing.copy();
    }

    Timing timing() {
        return timing;
    }

    /**
     * This window followed by {@code later}, a window that starts after this one ends (as a 1 min
     * window followed by the next one): the result is exactly what adding both windows' samples in
     * order would give, the counter increase across the boundary included.
     */
    public TrendAccumulator merge(TrendAccumulator later) {
        if (later.timing.count == 0) {
            return this;
        }
        if (timing.count == 0) {
            return later.copy();
        }
        TrendAccumulator m = copy();
        Timing lt = later.timing;
        Timing mt = m.timing;
        m.increase += later.increase + (later.first >= last ? later.first - last : later.first);
        double shift =
                (lt.firstMillis - timing.firstMillis) / 1000.0; // later's times, counted from this window's start
        mt.sumT += lt.sumT + lt.count * shift;
        mt.sumTT += lt.sumTT + 2 * shift * lt.sumT + lt.count * shift * shift;
        m.sumTV += later.sumTV + shift * later.sum;
        mt.count += lt.count;
        m.sum += later.sum;
        m.min = Math.min(min, later.min);
        m.max = Math.max(max, later.max);
        m.last = later.last;
        mt.lastMillis = Math.max(timing.lastMillis, lt.lastMillis);
        return m;
    }

    /** Back to the empty state, counting with {@code timing} (empty too), for reuse in a node's next window. */
    void reset(Timing timing) {
        this.timing = timing;
        sum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        first = 0;
        last = 0;
        increase = 0;
        sumTV = 0;
    }

    private TrendAccumulator copy() {
        TrendAccumulator c = new TrendAccumulator(timing.copy());
        c.sum = sum;
        c.min = min;
        c.max = max;
        c.first = first;
        c.last = last;
        c.increase = increase;
        c.sumTV = sumTV;
        return c;
    }

    public long count() {
        return timing.count;
    }

    public double mean() {
        return timing.count == 0 ? Double.NaN : sum / timing.count;
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
        long count = timing.count;
        double denominator = count * timing.sumTT - timing.sumT * timing.sumT;
        if (count < 2 || denominator <= 1e-12) {
            return 0;
        }
        return (count * sumTV - timing.sumT * sum) / denominator;
    }

    /** Counter increase per second between the first and last sample, resets handled; NaN if unknown. */
    public double rate() {
        double seconds = (timing.lastMillis - timing.firstMillis) / 1000.0;
        return timing.count < 2 || seconds <= 0 ? Double.NaN : increase / seconds;
    }

    /** The first layout (state version 1 and 2): every field, {@link #BYTES} bytes. */
    void writeTo(ByteBuffer b) {
        b.putLong(timing.count)
                .putLong(timing.firstMillis)
                .putLong(timing.lastMillis)
                .putDouble(sum)
                .putDouble(min)
                .putDouble(max)
                .putDouble(last)
                .putDouble(increase)
                .putDouble(timing.sumT)
                .putDouble(timing.sumTT)
                .putDouble(sumTV)
                .putDouble(first);
    }

    static TrendAccumulator readFrom(ByteBuffer b) {
        Timing t = new Timing();
        TrendAccumulator a = new TrendAccumulator(t);
        t.count = b.getLong();
        t.firstMillis = b.getLong();
        t.lastMillis = b.getLong();
        a.sum = b.getDouble();
        a.min = b.getDouble();
        a.max = b.getDouble();
        a.last = b.getDouble();
        a.increase = b.getDouble();
        t.sumT = b.getDouble();
        t.sumTT = b.getDouble();
        a.sumTV = b.getDouble();
        a.first = b.getDouble();
        return a;
    }

    // The compact layout (state version 3). A node's metrics arrive in the same batches, so their
    // accumulators share count, times and time sums: those are written once per window (the timing
    // of the first accumulator with samples), and each accumulator says by a flag whether it has them.
    // A metric that did not move in the window writes one value for min, max, first and last.

    private static final int EMPTY = 1;
    private static final int OWN_TIMING = 2;
    private static final int CONSTANT = 4;
    static final int TIMING_BYTES = 3 * Long.BYTES + 2 * Double.BYTES;

    /** The flags of this accumulator's compact form next to {@code shared} (a timing with samples, or null). */
    private int compactFlags(Timing shared) {
        if (timing.count == 0) {
            return EMPTY;
        }
        int flags = timing.sameAs(shared) ? 0 : OWN_TIMING;
        boolean constant = same(min, max) && same(min, first) && same(min, last) && same(increase, 0);
        return constant ? flags | CONSTANT : flags;
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** Bytes of {@link #writeCompact}. */
    int compactBytes(Timing shared) {
        int flags = compactFlags(shared);
        if ((flags & EMPTY) != 0) {
            return 1;
        }
        int values = (flags & CONSTANT) != 0 ? 3 : 7;
        return 1 + ((flags & OWN_TIMING) != 0 ? TIMING_BYTES : 0) + values * Double.BYTES;
    }

    /** Writes this accumulator compactly; {@code shared} is the window's shared timing, or null. */
    void writeCompact(ByteBuffer b, Timing shared) {
        int flags = compactFlags(shared);
        b.put((byte) flags);
        if ((flags & EMPTY) != 0) {
            return;
        }
        if ((flags & OWN_TIMING) != 0) {
            timing.writeTo(b);
        }
        b.putDouble(sum).putDouble(sumTV).putDouble(min);
        if ((flags & CONSTANT) == 0) {
            b.putDouble(max).putDouble(first).putDouble(last).putDouble(increase);
        }
    }

    /**
     * Reads {@link #writeCompact}: an accumulator with the window's timing counts with {@code shared}
     * itself (the same object); an empty one with {@code empty} if given (a window with no samples at
     * all, whose metrics all share one empty timing), else with its own.
     */
    static TrendAccumulator readCompact(ByteBuffer b, Timing shared, Timing empty) {
        int flags = b.get();
        if ((flags & EMPTY) != 0) {
            return new TrendAccumulator(empty != null ? empty : new Timing());
        }
        TrendAccumulator a = new TrendAccumulator((flags & OWN_TIMING) != 0 ? Timing.readFrom(b) : shared);
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
