package io.numbat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CapacityScheduleTest {
    @Test
    void eachStepDividesTheIntervalByTheFactor() {
        CapacitySchedule s = new CapacitySchedule(10_000, 100, Duration.ofSeconds(10), 1.25, 5);
        assertThat(s.steps()).isEqualTo(5);
        assertThat(s.interval(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.interval(1)).isEqualTo(Duration.ofMillis(8_000));
        assertThat(s.interval(2)).isEqualTo(Duration.ofMillis(6_400));
        assertThat(s.interval(4)).isEqualTo(Duration.ofMillis(4_096));
    }

    @Test
    void offeredLoadIsNodesTimesMetricsPerInterval() {
        CapacitySchedule s = new CapacitySchedule(10_000, 100, Duration.ofSeconds(10), 2, 3);
        assertThat(s.offeredPerSecond(0)).isEqualTo(100_000.0);
        assertThat(s.offeredPerSecond(2)).isEqualTo(400_000.0);
        assertThat(s.batchesPerTick()).isEqualTo(10_000);
    }

    @Test
    void theLagMayGrowByOneTickOrOneCommitIntervalOfBatchesWhicheverIsMore() {
        CapacitySchedule s = new CapacitySchedule(10_000, 100, Duration.ofSeconds(2), 4, 3);
        assertThat(s.lagLimit(0, Duration.ofSeconds(1))).isEqualTo(10_000);
        // ticks of 500 ms and 125 ms: a commit interval of 1 s holds 2 and 8 ticks
        assertThat(s.lagLimit(1, Duration.ofSeconds(1))).isEqualTo(20_000);
        assertThat(s.lagLimit(2, Duration.ofSeconds(1))).isEqualTo(80_000);
        assertThat(s.lagLimit(0, Duration.ofSeconds(5))).isEqualTo(25_000);
    }

    @Test
    void stopsBeforeTheIntervalFallsBelowOneMillisecond() {
        CapacitySchedule s = new CapacitySchedule(10, 1, Duration.ofMillis(8), 2, 100);
        assertThat(s.steps()).isEqualTo(4);
        assertThat(s.interval(3)).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> s.interval(4)).hasMessageContaining("step 4 of 4");
    }

    @Test
    void refusesALoadThatDoesNotGrow() {
        assertThatThrownBy(() -> new CapacitySchedule(10, 1, Duration.ofSeconds(1), 1.0, 3))
                .hasMessageContaining("factor per step must be > 1");
        assertThatThrownBy(() -> new CapacitySchedule(10, 1, Duration.ofSeconds(1), 2, 0))
                .hasMessageContaining("max steps");
    }
}
