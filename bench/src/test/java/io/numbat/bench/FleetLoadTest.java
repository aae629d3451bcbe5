package io.numbat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetLoadTest {
    @Test
    void aSpreadTickPublishesEvery100Milliseconds() {
        assertThat(FleetLoad.phases(10_000, Duration.ofSeconds(10))).isEqualTo(100);
        assertThat(FleetLoad.phases(10_000, Duration.ofMillis(1_250))).isEqualTo(12);
    }

    @Test
    void neverMorePhasesThanNodesNorFewerThanOne() {
        assertThat(FleetLoad.phases(7, Duration.ofSeconds(10))).isEqualTo(7);
        assertThat(FleetLoad.phases(10_000, Duration.ofMillis(50))).isEqualTo(1);
    }
}
