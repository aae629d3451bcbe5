package io.numbat.schemas.trend;

import io.numbat.schemas.MetricSummary;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.TrendWindow;
import java.util.List;
import java.util.Optional;

/** Reading one metric out of a {@link TrendWindow}, which carries every metric of a node and window. */
public final class TrendWindows {
    private TrendWindows() {}

    /** The summary of {@code metric} in {@code w}, if the window saw it. */
    public static Optional<MetricSummary> metric(TrendWindow w, int metric) {
        for (MetricSummary s : w.getMetrics()) {
            if (s.getMetric() == metric) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The window as one {@link MetricTrend} per metric, the per-metric view the console keeps. */
    public static List<MetricTrend> perMetric(TrendWindow w) {
        return w.getMetrics().stream()
                .map(s -> MetricTrend.newBuilder()
                        .setNode(w.getNode())
                        .setFamily(w.getFamily())
                        .setMetric(s.getMetric())
                        .setWindowStart(w.getWindowStart())
                        .setWindowEnd(w.getWindowEnd())
                        .setCount(s.getCount())
                        .setMean(s.getMean())
                        .setMin(s.getMin())
                        .setMax(s.getMax())
                        .setLast(s.getLast())
                        .setRate(s.getRate())
                        .setSlope(s.getSlope())
                        .build())
                .toList();
    }
}
