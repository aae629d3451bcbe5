package io.numbat.console.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {
    private static List<MetricHistory.Point> line(int n, double perMinute) {
        List<MetricHistory.Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new MetricHistory.Point(i * 30_000L, 100 + perMinute * i / 2));
        }
        return points;
    }

    @Test
    void slopeOfARisingLineIsItsRatePerMinute() {
        assertThat(Trend.perMinute(line(20, 12), Duration.ofMinutes(10)).orElseThrow())
                .isCloseTo(12, within(1e-9));
    }

    @Test
    void onlyTheNewestWindowCounts() {
        List<MetricHistory.Point> points = new ArrayList<>(line(60, -4));
        long last = points.get(points.size() - 1).timestamp();
        for (int i = 1; i <= 20; i++) { // ten more minutes, flat
            points.add(new MetricHistory.Point(last + i * 30_000L, 0));
        }
        assertThat(Trend.perMinute(points, Duration.ofMinutes(9)).orElseThrow()).isCloseTo(0, within(1e-9));
    }

    @Test
    void tooFewPointsHaveNoTrend() {
        assertThat(Trend.perMinute(line(2, 5), Duration.ofMinutes(10))).isEmpty();
        assertThat(Trend.perMinute(List.of(), Duration.ofMinutes(10))).isEmpty();
    }
}
