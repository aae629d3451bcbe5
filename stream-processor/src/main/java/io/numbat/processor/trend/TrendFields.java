package io.numbat.processor.trend;

import java.nio.ByteBuffer;

/**
 * The running sums of one metric over one window, as {@link #WIDTH} doubles at an offset of an array
 * (sum, sum of t·value, min, max, first, last, counter increase), counted by a {@link SampleTiming}: the
 * maths of {@link TrendAccumulator} (one metric, an array of its own) and of {@link NodeTrends} (every
 * metric of a node's window side by side in one array, so a window is three arrays and not a hundred
 * objects). Plain Java, no Kafka types.
 */
final class TrendFields {
    static final int SUM = 0;
    static final int SUM_TV = 1;
    static final int MIN = 2;
    static final int MAX = 3;
    static final int FIRST = 4;
    static final int LAST = 5;
    static final int INCREASE = 6;
    static final int WIDTH = 7;

    /** Bytes of the first, fixed-size layout (state versions 1 and 2): timing and values. */
    static final int FIXED_BYTES = Long.BYTES * 3 + Double.BYTES * 9;

    private TrendFields() {}

    /** Empties the sums at {@code o}. */
    static void clear(double[] v, int o) {
        v[o + SUM] = 0;
        v[o + SUM_TV] = 0;
        v[o + MIN] = Double.POSITIVE_INFINITY;
        v[o + MAX] = Double.NEGATIVE_INFINITY;
        v[o + FIRST] = 0;
        v[o + LAST] = 0;
        v[o + INCREASE] = 0;
    }

    /**
     * Adds a finite {@code value} at {@code timestampMillis} to the sums at {@code o}, which {@code t} counts;
     * {@code t} is left as it was, for whoever shares it to count the sample once for every metric of a batch.
     * A drop of the value counts as a counter restarted from zero: the new value is all increase.
     */
    static void addValue(double[] v, int o, SampleTiming t, long timestampMillis, double value) {
        if (t.count == 0) {
            v[o + FIRST] = value;
        } else {
            double last = v[o + LAST];
            v[o + INCREASE] += value >= last ? value - last : value;
        }
        double seconds = t.secondsOf(timestampMillis);
        v[o + SUM] += value;
        v[o + MIN] = Math.min(v[o + MIN], value);
        v[o + MAX] = Math.max(v[o + MAX], value);
        v[o + LAST] = value;
        v[o + SUM_TV] += seconds * value;
    }

    /**
     * Into {@code out} at {@code oo}: the sums at {@code o} (counted by {@code t}) followed by {@code later}'s at
     * {@code lo} (counted by {@code lt}), a window starting after the first ends. The result is what adding both
     * windows' samples in order would give, the counter increase across the boundary included; its timing is
     * {@link #mergedTiming}.
     */
    static void merge(
            double[] v, int o, SampleTiming t, double[] later, int lo, SampleTiming lt, double[] out, int oo) {
        if (lt.count == 0) {
            System.arraycopy(v, o, out, oo, WIDTH);
            return;
        }
        if (t.count == 0) {
            System.arraycopy(later, lo, out, oo, WIDTH);
            return;
        }
        double shift = t.shiftTo(lt);
        double last = v[o + LAST];
        double laterFirst = later[lo + FIRST];
        out[oo + INCREASE] =
                v[o + INCREASE] + (later[lo + INCREASE] + (laterFirst >= last ? laterFirst - last : laterFirst));
        out[oo + SUM_TV] = v[o + SUM_TV] + (later[lo + SUM_TV] + shift * later[lo + SUM]);
        out[oo + SUM] = v[o + SUM] + later[lo + SUM];
        out[oo + MIN] = Math.min(v[o + MIN], later[lo + MIN]);
        out[oo + MAX] = Math.max(v[o + MAX], later[lo + MAX]);
        out[oo + FIRST] = v[o + FIRST];
        out[oo + LAST] = later[lo + LAST];
    }

    /** The timing of {@link #merge}'s result: a new object, or a copy of the side with samples. */
    static SampleTiming mergedTiming(SampleTiming t, SampleTiming lt) {
        if (lt.count == 0) {
            return t.copy();
        }
        return t.count == 0 ? lt.copy() : t.followedBy(lt);
    }

    static double mean(double[] v, int o, SampleTiming t) {
        return t.count == 0 ? Double.NaN : v[o + SUM] / t.count;
    }

    /** Least-squares slope in units per second; 0 with fewer than two distinct times. */
    static double slope(double[] v, int o, SampleTiming t) {
        long count = t.count;
        double denominator = count * t.sumTT - t.sumT * t.sumT;
        if (count < 2 || denominator <= 1e-12) {
            return 0;
        }
        return (count * v[o + SUM_TV] - t.sumT * v[o + SUM]) / denominator;
    }

    /** Counter increase per second between the first and last sample, resets handled; NaN if unknown. */
    static double rate(double[] v, int o, SampleTiming t) {
        double seconds = (t.lastMillis - t.firstMillis) / 1000.0;
        return t.count < 2 || seconds <= 0 ? Double.NaN : v[o + INCREASE] / seconds;
    }

    static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /** The first layout (state versions 1 and 2): every field, {@link #FIXED_BYTES} bytes. */
    static void writeFixed(ByteBuffer b, double[] v, int o, SampleTiming t) {
        b.putLong(t.count)
                .putLong(t.firstMillis)
                .putLong(t.lastMillis)
                .putDouble(v[o + SUM])
                .putDouble(v[o + MIN])
                .putDouble(v[o + MAX])
                .putDouble(v[o + LAST])
                .putDouble(v[o + INCREASE])
                .putDouble(t.sumT)
                .putDouble(t.sumTT)
                .putDouble(v[o + SUM_TV])
                .putDouble(v[o + FIRST]);
    }

    /** Reads {@link #writeFixed} into {@code v} at {@code o}; returns the timing, a new one. */
    static SampleTiming readFixed(ByteBuffer b, double[] v, int o) {
        SampleTiming t = new SampleTiming();
        t.count = b.getLong();
        t.firstMillis = b.getLong();
        t.lastMillis = b.getLong();
        v[o + SUM] = b.getDouble();
        v[o + MIN] = b.getDouble();
        v[o + MAX] = b.getDouble();
        v[o + LAST] = b.getDouble();
        v[o + INCREASE] = b.getDouble();
        t.sumT = b.getDouble();
        t.sumTT = b.getDouble();
        v[o + SUM_TV] = b.getDouble();
        v[o + FIRST] = b.getDouble();
        return t;
    }

    // The compact layout (state version 3). A node's metrics arrive in the same batches, so they share
    // count, times and time sums: those are written once per window (the timing of the first metric with
    // samples), and each metric says by a flag whether it has them. A metric that did not move in the
    // window writes one value for min, max, first and last.

    private static final int EMPTY = 1;
    private static final int OWN_TIMING = 2;
    private static final int CONSTANT = 4;

    /** The flags of the compact form of the sums at {@code o} next to {@code shared} (with samples, or null). */
    private static int compactFlags(double[] v, int o, SampleTiming t, SampleTiming shared) {
        if (t.count == 0) {
            return EMPTY;
        }
        int flags = t.sameAs(shared) ? 0 : OWN_TIMING;
        double min = v[o + MIN];
        boolean constant =
                same(min, v[o + MAX]) && same(min, v[o + FIRST]) && same(min, v[o + LAST]) && same(v[o + INCREASE], 0);
        return constant ? flags | CONSTANT : flags;
    }

    /** Bytes of {@link #writeCompact}. */
    static int compactBytes(double[] v, int o, SampleTiming t, SampleTiming shared) {
        int flags = compactFlags(v, o, t, shared);
        if ((flags & EMPTY) != 0) {
            return 1;
        }
        int values = (flags & CONSTANT) != 0 ? 3 : 7;
        return 1 + ((flags & OWN_TIMING) != 0 ? SampleTiming.BYTES : 0) + values * Double.BYTES;
    }

    /** Writes the sums at {@code o} compactly; {@code shared} is the window's shared timing, or null. */
    static void writeCompact(ByteBuffer b, double[] v, int o, SampleTiming t, SampleTiming shared) {
        int flags = compactFlags(v, o, t, shared);
        b.put((byte) flags);
        if ((flags & EMPTY) != 0) {
            return;
        }
        if ((flags & OWN_TIMING) != 0) {
            t.writeTo(b);
        }
        b.putDouble(v[o + SUM]).putDouble(v[o + SUM_TV]).putDouble(v[o + MIN]);
        if ((flags & CONSTANT) == 0) {
            b.putDouble(v[o + MAX])
                    .putDouble(v[o + FIRST])
                    .putDouble(v[o + LAST])
                    .putDouble(v[o + INCREASE]);
        }
    }

    /**
     * Reads {@link #writeCompact} into {@code v} at {@code o} and returns its timing: {@code shared} itself for
     * sums with the window's timing; for empty ones {@code empty} if given (a window with no samples at all,
     * whose metrics all share one empty timing), else a new one.
     */
    static SampleTiming readCompact(ByteBuffer b, double[] v, int o, SampleTiming shared, SampleTiming empty) {
        int flags = b.get();
        if ((flags & EMPTY) != 0) {
            clear(v, o);
            return empty != null ? empty : new SampleTiming();
        }
        SampleTiming t = (flags & OWN_TIMING) != 0 ? SampleTiming.readFrom(b) : shared;
        v[o + SUM] = b.getDouble();
        v[o + SUM_TV] = b.getDouble();
        v[o + MIN] = b.getDouble();
        if ((flags & CONSTANT) != 0) {
            v[o + MAX] = v[o + MIN];
            v[o + FIRST] = v[o + MIN];
            v[o + LAST] = v[o + MIN];
            v[o + INCREASE] = 0;
        } else {
            v[o + MAX] = b.getDouble();
            v[o + FIRST] = b.getDouble();
            v[o + LAST] = b.getDouble();
            v[o + INCREASE] = b.getDouble();
        }
        return t;
    }
}
