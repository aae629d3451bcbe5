package io.numbat.processor.trend;

import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricTrend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a closed window's {@link NodeTrends} into one {@link MetricTrend} per metric. */
public final class TrendRecords {
    private TrendRecords() {
    }

    /** The output key of a per-node, per-metric record: {@code node/metric}. */
    public static String key(String node, int metric) {
        return node + "/" + metric;
    }

    public static List<MetricTrend> of(String node, long windowStart, long windowEnd, NodeTrends trends) {
        List<MetricTrend> out = new ArrayList<>(trends.metrics().size());
        for (Map.Entry<Integer, TrendAccumulator> e : trends.metrics().entrySet()) {
            TrendAccumulator a = e.getValue();
            if (a.count() == 0) {
                continue;
            }
            boolean counter = MetricId.byId(e.getKey()).map(m -> m.kind() == MetricId.Kind.COUNTER).orElse(false);
            double rate = a.rate();
            out.add(MetricTrend.newBuilder()
                    .setNode(node)
                    .setFamily(trends.family())
                    .setMetric(e.getKey())
                    .setWindowStart(Instant.ofEpochMilli(windowStart))
                    .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                    .setCount(a.count())
                    .setMean(a.mean())
                    .setMin(a.min())
                    .setMax(a.max())
                    .setLast(a.last())
                    .setRate(counter && Double.isFinite(rate) ? rate : null)
                    .setSlope(a.slope())
                    .build());
        }
        return out;
    }
}
