package io.numbat.processor.trend;

import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricSummary;
import io.numbat.schemas.TrendWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a closed window's {@link NodeTrends} into one {@link TrendWindow} carrying every metric. */
public final class TrendRecords {
    private TrendRecords() {
    }

    public static TrendWindow of(String node, long windowStart, long windowEnd, NodeTrends trends) {
        List<MetricSummary> metrics = new ArrayList<>(trends.metrics().size());
        for (Map.Entry<Integer, TrendAccumulator> e : trends.metrics().entrySet()) {
            TrendAccumulator a = e.getValue();
            if (a.count() == 0) {
                continue;
            }
            boolean counter = MetricId.byId(e.getKey()).map(m -> m.kind() == MetricId.Kind.COUNTER).orElse(false);
            double rate = a.rate();
            metrics.add(MetricSummary.newBuilder()
                    .setMetric(e.getKey())
                    .setCount(a.count())
                    .setMean(a.mean())
                    .setMin(a.min())
                    .setMax(a.max())
                    .setLast(a.last())
                    .setRate(counter && Double.isFinite(rate) ? rate : null)
                    .setSlope(a.slope())
                    .build());
        }
        return TrendWindow.newBuilder()
                .setNode(node)
                .setFamily(trends.family())
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setMetrics(metrics)
                .build();
    }
}
