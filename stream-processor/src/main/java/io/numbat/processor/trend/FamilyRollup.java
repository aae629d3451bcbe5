package io.numbat.processor.trend;

import io.numbat.schemas.MetricSummary;
import java.nio.ByteBuffer;

/**
 * A family's roll-up of one metric over one window, built from its nodes' trends: the mean of the
 * node means (and of their lasts and slopes), the smallest minimum, the largest maximum, the sum of
 * sample counts, and for counters the sum of the node rates (the family's total rate). Plain Java;
 * fixed-size state.
 */
public final class FamilyRollup {
    static final int BYTES = Long.BYTES + Integer.BYTES * 2 + Double.BYTES * 6;

    private long count;
    private int nodes;
    private int rateNodes;
    private double sumOfMeans;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sumOfLast;
    private double sumOfSlopes;
    private double sumOfRates;

    /** Adds one node's summary of the window: the {@code i}-th metric of its trends. */
    public FamilyRollup add(NodeTrends t, int i, boolean counter) {
        long samples = t.count(i);
        if (samples == 0) {
            return this;
        }
        count += samples;
        nodes++;
        sumOfMeans += t.mean(i);
        sumOfLast += t.last(i);
        sumOfSlopes += t.slope(i);
        min = Math.min(min, t.min(i));
        max = Math.max(max, t.max(i));
        double rate = t.rate(i);
        if (counter && Double.isFinite(rate)) {
            sumOfRates += rate;
            rateNodes++;
        }
        return this;
    }

    /** This roll-up and {@code other}'s, as if every node of both had been added to one. */
    public FamilyRollup merge(FamilyRollup other) {
        count += other.count;
        nodes += other.nodes;
        rateNodes += other.rateNodes;
        sumOfMeans += other.sumOfMeans;
        sumOfLast += other.sumOfLast;
        sumOfSlopes += other.sumOfSlopes;
        sumOfRates += other.sumOfRates;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        return this;
    }

    public int nodes() {
        return nodes;
    }

    /** The roll-up as a trend of {@code rollupNode} (e.g. {@code family:web}). */
    public MetricSummary toSummary(int metric) {
        return new MetricSummary(
                metric,
                count,
                sumOfMeans / nodes,
                min,
                max,
                sumOfLast / nodes,
                rateNodes == 0 ? null : sumOfRates,
                sumOfSlopes / nodes);
    }

    void writeTo(ByteBuffer b) {
        b.putLong(count)
                .putInt(nodes)
                .putInt(rateNodes)
                .putDouble(sumOfMeans)
                .putDouble(min)
                .putDouble(max)
                .putDouble(sumOfLast)
                .putDouble(sumOfSlopes)
                .putDouble(sumOfRates);
    }

    static FamilyRollup readFrom(ByteBuffer b) {
        FamilyRollup r = new FamilyRollup();
        r.count = b.getLong();
        r.nodes = b.getInt();
        r.rateNodes = b.getInt();
        r.sumOfMeans = b.getDouble();
        r.min = b.getDouble();
        r.max = b.getDouble();
        r.sumOfLast = b.getDouble();
        r.sumOfSlopes = b.getDouble();
        r.sumOfRates = b.getDouble();
        return r;
    }
}
