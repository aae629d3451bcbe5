package io.numbat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IngestWindowTest {
    @Test
    void cpuPerSampleIsCpuSecondsOverSamplesProcessed() {
        // 120 s at 1,000 batches/s of 100 samples; processor 72 % of a core, broker + registry 38 %
        IngestWindow w = new IngestWindow(
                Snapshots.at(30, 50_000, 51_000, 10, 20),
                Snapshots.at(150, 170_000, 171_000, 10 + 86.4, 20 + 45.6),
                100);
        assertThat(w.batches()).isEqualTo(120_000);
        assertThat(w.samplesPerSecond()).isCloseTo(100_000, within(1e-6));
        assertThat(w.processorCpuUsPerSample()).isCloseTo(7.2, within(1e-9));
        assertThat(w.e2eCpuUsPerSample()).isCloseTo(11.0, within(1e-9));
    }

    @Test
    void nothingProcessedGivesNoCpuPerSample() {
        IngestWindow w = new IngestWindow(Snapshots.at(0, 5, 5, 0, 0), Snapshots.at(10, 5, 9, 3, 3), 100);
        assertThat(w.processorCpuUsPerSample()).isEqualTo(-1);
        assertThat(w.e2eCpuUsPerSample()).isEqualTo(-1);
    }
}
