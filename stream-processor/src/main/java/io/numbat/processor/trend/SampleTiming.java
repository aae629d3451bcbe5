package io.numbat.processor.trend;

import java.nio.ByteBuffer;

/**
 * The count and times of a metric's samples in a window, and the time sums of the least-squares slope
 * (t in seconds since the first sample). The metrics of one node's window share one while they arrive
 * in the same batches ({@link NodeTrends}); a metric that misses a batch gets a copy of its own.
 */
final class SampleTiming {
    static final int BYTES = 3 * Long.BYTES + 2 * Double.BYTES;

    long count;
    long firstMillis;
    long lastMillis;
    double sumT;
    double sumTT;

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

    SampleTiming copy() {
        SampleTiming c = new SampleTiming();
        c.count = count;
        c.firstMillis = firstMillis;
        c.lastMillis = lastMillis;
        c.sumT = sumT;
        c.sumTT = sumTT;
        return c;
    }

    /** Seconds from this timing's first sample to {@code later}'s. */
    double shiftTo(SampleTiming later) {
        return (later.firstMillis - firstMillis) / 1000.0;
    }

    /**
     * This timing followed by {@code later}'s, both with samples: later's times counted from this one's
     * first sample.
     */
    SampleTiming followedBy(SampleTiming later) {
        SampleTiming m = copy();
        double shift = shiftTo(later);
        m.sumT += later.sumT + later.count * shift;
        m.sumTT += later.sumTT + 2 * shift * later.sumT + later.count * shift * shift;
        m.count += later.count;
        m.lastMillis = Math.max(lastMillis, later.lastMillis);
        return m;
    }

    boolean sameAs(SampleTiming o) {
        return o == this
                || (o != null
                        && count == o.count
                        && firstMillis == o.firstMillis
                        && lastMillis == o.lastMillis
                        && TrendFields.same(sumT, o.sumT)
                        && TrendFields.same(sumTT, o.sumTT));
    }

    void writeTo(ByteBuffer b) {
        b.putLong(count)
                .putLong(firstMillis)
                .putLong(lastMillis)
                .putDouble(sumT)
                .putDouble(sumTT);
    }

    static SampleTiming readFrom(ByteBuffer b) {
        SampleTiming t = new SampleTiming();
        t.count = b.getLong();
        t.firstMillis = b.getLong();
        t.lastMillis = b.getLong();
        t.sumT = b.getDouble();
        t.sumTT = b.getDouble();
        return t;
    }
}
