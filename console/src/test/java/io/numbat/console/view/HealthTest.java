package io.numbat.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Severity;
import org.junit.jupiter.api.Test;

class HealthTest {
    @Test
    void colourFromStateThenWorstAlarm() {
        assertThat(Health.of(NodeState.UP, null)).isEqualTo(Health.GREEN);
        assertThat(Health.of(NodeState.UP, Severity.MINOR)).isEqualTo(Health.YELLOW);
        assertThat(Health.of(NodeState.STARTING, Severity.MAJOR)).isEqualTo(Health.ORANGE);
        assertThat(Health.of(NodeState.UP, Severity.CRITICAL)).isEqualTo(Health.RED);
        assertThat(Health.of(NodeState.DOWN, null)).isEqualTo(Health.RED);
        assertThat(Health.of(NodeState.FAILED, null)).isEqualTo(Health.RED);
        assertThat(Health.of(NodeState.STOPPED, Severity.CRITICAL)).isEqualTo(Health.GREY);
    }
}
