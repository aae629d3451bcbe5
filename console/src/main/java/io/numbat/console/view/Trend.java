package io.numbat.console.view;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/** The trend a node page shows under a chart: the least-squares slope of the newest part of a history. */
public final class Trend {
    /** Fewer points than this say nothing about a trend. */
    static final int MIN_POINTS = 3;

    private Trend() {}

    /**
     * The slope per minute of the points no older than {@code window} before the newest one, empty
     * with fewer than three such points.
     */
    public static OptionalDouble perMinute(List<MetricHistory.Point> points, Duration window) {
        if (points.isEmpty()) {
            return OptionalDouble.empty();
        }
        long from = points.get(points.size() - 1).timestamp() - window.toMillis();
        List<MetricHistory.Point> recent =
                points.stream().filter(p -> p.timestamp() >= from).toList();
        if (recent.size() < MIN_POINTS) {
            return OptionalDouble.empty();
        }
        double mt = recent.stream()
                .mapToDouble(MetricHistory.Point::timestamp)
                .average()
                .orElseThrow();
        double mv = recent.stream()
                .mapToDouble(MetricHistory.Point::value)
                .average()
                .orElseThrow();
        double num = 0;
        double den = 0;
        for (MetricHistory.Point p : recent) {
            num += (p.timestamp() - mt) * (p.value() - mv);
            den += (p.timestamp() - mt) * (p.timestamp() - mt);
        }
        return OptionalDouble.of(den == 0 ? 0 : num / den * 60_000);
    }
}
