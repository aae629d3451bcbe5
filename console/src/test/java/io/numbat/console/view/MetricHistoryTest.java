package io.numbat.console.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {
    private static final long T0 = 1_800_000_000_000L; // a multiple of 30 s
    private final MetricHistory h = new MetricHistory(Duration.ofHours(1), Duration.ofSeconds(30));

    @Test
    void anHourIn30SecondSlots() {
        assertThat(h.capacity()).isEqualTo(120);
        assertThat(h.points()).isEmpty();
    }

    @Test
    void keepsTheHighestValueOfEachSlot() {
        h.record(T0, 1);
        h.record(T0 + 10_000, 5);
        h.record(T0 + 20_000, 2);
        h.record(T0 + 30_000, 3);
        assertThat(h.points()).containsExactly(new MetricHistory.Point(T0, 5), new MetricHistory.Point(T0 + 30_000, 3));
    }

    @Test
    void keepsOnlyTheLastHourAndCostsTheSameHoweverLongItRuns() {
        for (int i = 0; i < 10_000; i++) {
            h.record(T0 + i * 2_000L, i);
        }
        var points = h.points();
        assertThat(points).hasSize(120);
        long newest = T0 + 9_999 * 2_000L;
        assertThat(points.get(119).timestamp()).isEqualTo(newest - Math.floorMod(newest, 30_000L));
        assertThat(points.get(0).timestamp()).isEqualTo(points.get(119).timestamp() - 119 * 30_000L);
        assertThat(points.get(119).value()).isEqualTo(9_999);
    }

    @Test
    void aGapLeavesEmptySlotsAndALongGapForgetsEverything() {
        h.record(T0, 1);
        h.record(T0 + 90_000, 2);
        assertThat(h.points()).extracting(MetricHistory.Point::timestamp).containsExactly(T0, T0 + 90_000);
        h.record(T0 + 3 * 3_600_000L, 3);
        assertThat(h.points()).containsExactly(new MetricHistory.Point(T0 + 3 * 3_600_000L, 3));
    }

    @Test
    void lateSamplesWithinTheWindowCountButOlderOnesAndNaNAreIgnored() {
        h.record(T0 + 600_000, 1);
        h.record(T0 + 300_000, 7);
        h.record(T0 - 3_600_000, 9);
        h.record(T0 + 600_000, Double.NaN);
        assertThat(h.points())
                .containsExactly(new MetricHistory.Point(T0 + 300_000, 7), new MetricHistory.Point(T0 + 600_000, 1));
    }

    @Test
    void refusesAResolutionLongerThanTheWindow() {
        assertThatThrownBy(() -> new MetricHistory(Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
