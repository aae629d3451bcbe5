package io.numbat.processor.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The calibration that lets one threshold mean the same on every series: score = -log10(tail) / 10. */
class TailTest {
    @Test
    void erfcMatchesKnownValues() {
        assertThat(Tail.erfc(0)).isCloseTo(1.0, within(1e-7));
        assertThat(Tail.erfc(1)).isCloseTo(0.157299207050285, within(1e-7));
        assertThat(Tail.erfc(3)).isCloseTo(2.20904969985854e-5, within(1e-10));
        assertThat(Tail.erfc(-1)).isCloseTo(2 - 0.157299207050285, within(1e-7));
    }

    @Test
    void aTailOfOneInAHundredThousandScoresOneHalf() {
        // the one-sided Gaussian tail is 1e-5 at 4.2649 deviations
        assertThat(Tail.score(4.2649, 0, 1)).isCloseTo(0.5, within(1e-3));
        assertThat(Tail.score(10 + 2 * 4.2649, 10, 2)).isCloseTo(0.5, within(1e-3));
    }

    @Test
    void theScoreRisesWithTheDeviationAndIsCappedAtOne() {
        double previous = -1;
        for (double z = -5; z <= 40; z += 0.25) {
            double s = Tail.score(z, 0, 1);
            assertThat(s).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = s;
        }
        assertThat(Tail.score(40, 0, 1)).isEqualTo(1.0);
        assertThat(Tail.score(0, 0, 1)).isCloseTo(Math.log10(2) / 10, within(1e-6));
    }
}
