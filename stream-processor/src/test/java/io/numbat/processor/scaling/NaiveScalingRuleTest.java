package io.numbat.processor.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NaiveScalingRuleTest {
    private final NaiveScalingRule rule = new NaiveScalingRule(0.75, Duration.ofSeconds(30), 4);

    private static FamilyLoad load(double... utilisations) {
        FamilyLoad f = new FamilyLoad();
        for (int i = 0; i < utilisations.length; i++) {
            f.update("n" + i, utilisations[i], 1_000);
        }
        return f;
    }

    @Test
    void scalesOutByOneWhenMeanUtilisationIsAboveThreshold() {
        var outcome = rule.decide("web", load(0.9, 0.8), 1_000);
        assertThat(outcome).hasValueSatisfying(o -> {
            assertThat(o.count()).isEqualTo(1);
            assertThat(o.currentNodes()).isEqualTo(2);
            assertThat(o.reason()).contains("2 web nodes").contains("85%").contains("75%");
        });
    }

    @Test
    void staysPutAtOrBelowThreshold() {
        assertThat(rule.decide("web", load(0.75, 0.75), 1_000)).isEmpty();
        assertThat(rule.decide("web", load(0.2), 1_000)).isEmpty();
    }

    @Test
    void waitsForTheCooldownAfterAScaleOut() {
        FamilyLoad f = load(0.95);
        f.scaledOutAt(1_000);
        assertThat(rule.decide("web", f, 30_999)).isEmpty();
        assertThat(rule.decide("web", f, 31_000)).isPresent();
    }

    @Test
    void neverGrowsPastMaxNodes() {
        assertThat(rule.decide("web", load(0.99, 0.99, 0.99, 0.99), 1_000)).isEmpty();
    }

    @Test
    void emptyFamilyDecidesNothing() {
        assertThat(rule.decide("web", new FamilyLoad(), 1_000)).isEmpty();
    }

    @Test
    void rejectsThresholdOutsideUnitInterval() {
        assertThatThrownBy(() -> new NaiveScalingRule(1.5, Duration.ZERO, 1)).hasMessageContaining("scaleOutAbove");
    }

    @Test
    void familyLoadForgetsSilentNodesAndSurvivesSerialisation() {
        FamilyLoad f = new FamilyLoad();
        f.update("old", 0.9, 1_000);
        f.update("new", 0.5, 9_000);
        f.scaledOutAt(5_000);
        f.forgetOlderThan(2_000);
        FamilyLoad back = FamilyLoad.fromBytes(f.toBytes());
        assertThat(back.nodes()).containsOnlyKeys("new");
        assertThat(back.lastScaleOutMillis()).isEqualTo(5_000);
        assertThat(back.meanUtilisation()).isEqualTo(0.5);
    }
}
