package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The agent's bound on a node's LOG events: a burst is cut, the drops are reported with the next event. */
class LogRateLimitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsCutAtTwiceTheRateAndTheDropsGoWithTheNextEvent() {
        LogRateLimit limit = new LogRateLimit(10, 0);
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (limit.admit(0) >= 0) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(20);
        assertThat(limit.pendingDropped()).isEqualTo(80);
        // a tenth of a second later one token is back: the next event carries the 80 dropped
        assertThat(limit.admit(SECOND / 10)).isEqualTo(80);
        assertThat(limit.admit(SECOND / 10)).isEqualTo(-1);
        assertThat(limit.pendingDropped()).isEqualTo(1);
    }

    @Test
    void aSteadyRateAtTheLimitLosesNothing() {
        LogRateLimit limit = new LogRateLimit(10, 0);
        long now = 0;
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 10; i++) {
                // the handler's window lets 10 through at the very start of each second
                assertThat(limit.admit(now)).isZero();
            }
            now += SECOND;
        }
        assertThat(limit.pendingDropped()).isZero();
    }

    @Test
    void aClockGoingBackwardsAddsNoTokens() {
        LogRateLimit limit = new LogRateLimit(1, 10 * SECOND);
        assertThat(limit.admit(10 * SECOND)).isZero();
        assertThat(limit.admit(10 * SECOND)).isZero();
        assertThat(limit.admit(5 * SECOND)).isEqualTo(-1);
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> new LogRateLimit(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
