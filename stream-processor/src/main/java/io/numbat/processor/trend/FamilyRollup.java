package io.numbat.processor.trend;

import io.numbat.schemas.MetricTrend;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A family's roll-up of one metric over one window, built from its nodes' trends as they arrive:
 * the mean of the node means, the smallest minimum, the largest maximum, the sum of counts. When
 * a trend of a later window arrives, the finished roll-up is handed back and a new one starts.
 * Plain Java; fixed-size state.
 */
public final class FamilyRollup {
    static final int BYTES = Long.BYTES * 3 + Integer.BYTES + Double.BYTES * 4;

    private long windowStart = Long.MIN_VALUE;
    private long windowEnd;
    private long count;
    private int nodes;
    private double sumOfMeans;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sumOfLast;

    /** Adds a node's trend; returns the previous window's roll-up if this trend starts a later window. */
    public Optional<MetricTrend> add(MetricTrend t, String rollupNode) {
        long start = t.getWindowStart().toEpochMilli();
        Optional<MetricTrend> finished = Optional.empty();
        if (start < windowStart) {
            return finished; // a late trend of a window already rolled up
        }
        if (start > windowStart) {
            finished = result(t, rollupNode);
            windowStart = start;
            windowEnd = t.getWindowEnd().toEpochMilli();
            count = 0;
            nodes = 0;
            sumOfMeans = 0;
            sumOfLast = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
        }
        count += t.getCount();
        nodes++;
        sumOfMeans += t.getMean();
        sumOfLast += t.getLast();
        min = Math.min(min, t.getMin());
        max = Math.max(max, t.getMax());
        return finished;
    }

    private Optional<MetricTrend> result(MetricTrend like, String rollupNode) {
        if (nodes == 0) {
            return Optional.empty();
        }
        return Optional.of(MetricTrend.newBuilder().setNode(rollupNode).setFamily(like.getFamily()).setMetric(like.getMetric())
                .setWindowStart(java.time.Instant.ofEpochMilli(windowStart)).setWindowEnd(java.time.Instant.ofEpochMilli(windowEnd))
                .setCount(count).setMean(sumOfMeans / nodes).setMin(min).setMax(max).setLast(sumOfLast / nodes)
                .setRate(null).setSlope(0).build());
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(windowStart).putLong(windowEnd).putLong(count).putInt(nodes)
                .putDouble(sumOfMeans).putDouble(min).putDouble(max).putDouble(sumOfLast).array();
    }

    public static FamilyRollup fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        FamilyRollup r = new FamilyRollup();
        r.windowStart = b.getLong();
        r.windowEnd = b.getLong();
        r.count = b.getLong();
        r.nodes = b.getInt();
        r.sumOfMeans = b.getDouble();
        r.min = b.getDouble();
        r.max = b.getDouble();
        r.sumOfLast = b.getDouble();
        return r;
    }
}
