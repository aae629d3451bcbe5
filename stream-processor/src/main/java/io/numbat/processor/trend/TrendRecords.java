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
            long count = trends.count(i);
            if (count == 0) {
                continue;
            }
            int metric = trends.metricAt(i);
            boolean counter = MetricId.isCounter(metric);
            double rate = trends.rate(i);
            // the all-arguments constructor: a builder validates and copies every field, about a third of this method
            metrics.add(new MetricSummary(
                    metric,
                    count,
                    trends.mean(i),
                    trends.min(i),
                    trends.max(i),
                    trends.last(i),
                    counter && Double.isFinite(rate) ? rate : null,
                    trends.slope(i)));
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
