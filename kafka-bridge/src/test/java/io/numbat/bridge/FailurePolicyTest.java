package io.numbat.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.bridge.FailurePolicy.WhenExhausted;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {
    private static final DeadLetterSink SINK = (r, e) -> CompletableFuture.completedFuture(true);

    @Test
    void theDefaultsAreThreeTriesHalfASecondApartThenTheChosenEnd() {
        assertThat(FailurePolicy.deadLetter(SINK))
                .isEqualTo(new FailurePolicy(3, Duration.ofMillis(500), WhenExhausted.DEAD_LETTER, SINK));
        assertThat(FailurePolicy.stop())
                .isEqualTo(new FailurePolicy(3, Duration.ofMillis(500), WhenExhausted.STOP, null));
        assertThat(FailurePolicy.stop().retrying(1, Duration.ZERO).attempts()).isEqualTo(1);
    }

    @Test
    void aPolicyThatCouldNotBeCarriedOutIsRefused() {
        assertThatThrownBy(() -> FailurePolicy.stop().retrying(0, Duration.ZERO))
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> FailurePolicy.stop().retrying(2, Duration.ofMillis(-1)))
                .hasMessageContaining("backoff");
        assertThatThrownBy(() -> new FailurePolicy(3, Duration.ZERO, WhenExhausted.DEAD_LETTER, null))
                .hasMessageContaining("dead-letter sink");
        assertThatThrownBy(() -> new FailurePolicy(3, Duration.ZERO, WhenExhausted.STOP, SINK))
                .hasMessageContaining("dead-letter sink");
    }
}
