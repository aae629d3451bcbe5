package io.numbat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepMeasurementTest {
    @Test
    void ratesAndCpuPerSampleComeFromTheSnapshots() {
        // 1,000 batches/s of 100 samples; processor 0.7 cores, broker + registry 0.4 cores
        StepMeasurement m = new StepMeasurement(
                List.of(
                        Snapshots.at(0, 0, 500, 0, 0),
                        Snapshots.at(5, 5_000, 5_500, 3.5, 2),
                        Snapshots.at(10, 10_000, 10_500, 7, 4)),
                100);
        assertThat(m.processedPerSecond()).isCloseTo(100_000, within(1e-6));
        assertThat(m.publishedPerSecond()).isCloseTo(100_000, within(1e-6));
        assertThat(m.lagGrowth()).isCloseTo(0, within(1e-6));
        assertThat(m.processorCores()).isCloseTo(0.7, within(1e-9));
        assertThat(m.processorCpuUsPerSample()).isCloseTo(7.0, within(1e-9));
        assertThat(m.e2eCpuUsPerSample()).isCloseTo(11.0, within(1e-9));
    }

    @Test
    void lagGrowthFollowsTheTrendNotTheLastJump() {
        // the lag rises by 100 batches a second, but the last snapshot caught the processor just after a catch-up
        List<IngestSnapshot> taken = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            taken.add(Snapshots.at(t, 0, 100L * t, 0, 0));
        }
        taken.add(Snapshots.at(10, 1_000, 1_000, 0, 0));
        StepMeasurement m = new StepMeasurement(taken, 1);
        assertThat(m.last().lag() - m.first().lag()).isZero();
        assertThat(m.lagGrowth()).isBetween(500.0, 600.0);
    }

    @Test
    void noProcessedSamplesGivesNoCpuPerSample() {
        StepMeasurement m =
                new StepMeasurement(List.of(Snapshots.at(0, 10, 10, 0, 0), Snapshots.at(10, 10, 20, 5, 5)), 100);
        assertThat(m.processorCpuUsPerSample()).isEqualTo(-1);
    }

    @Test
    void needsTwoSnapshots() {
        assertThatThrownBy(() -> new StepMeasurement(List.of(Snapshots.at(0, 0, 0, 0, 0)), 1))
                .hasMessageContaining("two or more snapshots");
    }
}
