package io.numbat.processor.trend;

import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricSummary;
import io.numbat.schemas.TrendWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a closed window's {@link NodeTrends} into one {@link TrendWindow} carrying every metric. */
public final class TrendRecords {
    private TrendRecords() {}

    public static TrendWindow of(String node, long windowStart, long windowEnd, NodeTrends trends) {
        List<MetricSummary> metrics = new ArrayList<>(trends.size());
        for (int i = 0; i < trends.size(); i++) {
            TrendAccumulator a = trends.accumulatorAt(i);
            if (a.count() == 0) {
                continue;
            }
            int metric = trends.metricAt(i);
            boolean counter = MetricId.isCounter(metric);
            double rate = a.rate();
            // the all-arguments constructor: a builder validates and copies every field, about a third of this method
            metrics.add(new MetricSummary(
                    metric,
                    a.count(),
                    a.mean(),
                    a.min(),
                    a.max(),
                    a.last(),
                    counter && Double.isFinite(rate) ? rate : null,
                    a.slope()));
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
