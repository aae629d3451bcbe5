package io.numbat.processor.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.MetricId;
import io.numbat.schemas.ScalingAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {
    private final ScalingPolicy policy =
            new ScalingPolicy(0.6, 0.75, 0.35, Duration.ofSeconds(30), Duration.ofMinutes(5), 2, 20, 3);

    private static FamilyLoad load(double... utilisations) {
        FamilyLoad f = new FamilyLoad();
        for (int i = 0; i < utilisations.length; i++) {
            f.update("n" + i, utilisations[i], 1_000);
        }
        return f;
    }

    private static double[] same(int n, double u) {
        double[] a = new double[n];
        Arrays.fill(a, u);
        return a;
    }

    @Test
    void scalesOutTowardsTheTargetSaysWhy() {
        Optional<ScalingPolicy.Outcome> o = policy.decide("web", load(0.9, 0.8), 1_000);
        assertThat(o).hasValueSatisfying(x -> {
            assertThat(x.action()).isEqualTo(ScalingAction.SCALE_OUT);
            assertThat(x.count()).isEqualTo(1); // 2 nodes at 85 % -> 3 nodes bring it near 60 %
            assertThat(x.currentNodes()).isEqualTo(2);
            assertThat(x.reason()).contains("2 web nodes").contains("85%").contains("above the 75% threshold");
        });
    }

    @Test
    void aStepIsAtMostMaxStep() {
        assertThat(policy.decide("web", load(same(10, 0.95)), 1_000))
                .hasValueSatisfying(x -> assertThat(x.count()).isEqualTo(3));
    }

    @Test
    void neverGrowsPastMaxNodes() {
        assertThat(policy.decide("web", load(same(20, 0.99)), 1_000)).isEmpty();
        assertThat(policy.decide("web", load(same(19, 0.99)), 1_000))
                .hasValueSatisfying(x -> assertThat(x.count()).isEqualTo(1));
    }

    @Test
    void scalesInWhenIdleButNeverBelowMinNodes() {
        assertThat(policy.decide("db", load(same(6, 0.1)), 1_000)).hasValueSatisfying(x -> {
            assertThat(x.action()).isEqualTo(ScalingAction.SCALE_IN);
            assertThat(x.count()).isEqualTo(3);
            assertThat(x.reason()).contains("below the 35% threshold");
        });
        assertThat(policy.decide("db", load(same(3, 0.1)), 1_000))
                .hasValueSatisfying(x -> assertThat(x.count()).isEqualTo(1));
        assertThat(policy.decide("db", load(same(2, 0.1)), 1_000)).isEmpty();
    }

    @Test
    void staysPutBetweenTheThresholds() {
        assertThat(policy.decide("web", load(0.74, 0.5, 0.36), 1_000)).isEmpty();
    }

    @Test
    void waitsForTheCooldowns() {
        FamilyLoad hot = load(0.95, 0.95);
        hot.scaledOutAt(1_000);
        assertThat(policy.decide("web", hot, 30_999)).isEmpty();
        assertThat(policy.decide("web", hot, 31_000)).isPresent();
        FamilyLoad idle = load(same(5, 0.1));
        idle.scaledOutAt(1_000);
        assertThat(policy.decide("web", idle, 1_000 + Duration.ofMinutes(5).toMillis() - 1))
                .as("scale-in waits after a scale-out")
                .isEmpty();
        assertThat(policy.decide("web", idle, 1_000 + Duration.ofMinutes(5).toMillis()))
                .isPresent();
    }

    @Test
    void oscillatingLoadDoesNotFlap() {
        FamilyLoad f = load(same(4, 0.9));
        int reversals = 0;
        ScalingAction last = null;
        for (long t = 0; t < Duration.ofMinutes(30).toMillis(); t += 10_000) {
            double u = (t / 60_000) % 2 == 0 ? 0.9 : 0.2; // load flips every minute
            for (int i = 0; i < 4; i++) {
                f.update("n" + i, u, t);
            }
            Optional<ScalingPolicy.Outcome> o = policy.decide("web", f, t);
            if (o.isPresent()) {
                if (last != null && last != o.get().action()) {
                    reversals++;
                }
                last = o.get().action();
                if (o.get().action() == ScalingAction.SCALE_OUT) {
                    f.scaledOutAt(t);
                } else {
                    f.scaledInAt(t);
                }
            }
        }
        // a scale-in waits 5 minutes after any change, so direction reverses at most 6 times in 30 minutes, not every
        // minute
        assertThat(reversals).isLessThanOrEqualTo(6);
    }

    @Test
    void emptyFamilyDecidesNothing() {
        assertThat(policy.decide("web", new FamilyLoad(), 1_000)).isEmpty();
    }

    @Test
    void rejectsThresholdsInTheWrongOrder() {
        assertThatThrownBy(() -> new ScalingPolicy(0.8, 0.75, 0.35, Duration.ZERO, Duration.ZERO, 1, 2, 1))
                .hasMessageContaining("scale-in-below < target < scale-out-above");
    }

    @Test
    void familyLoadForgetsSilentNodesAndSurvivesSerialisation() {
        FamilyLoad f = new FamilyLoad();
        f.update("old", 0.9, 1_000);
        f.update("new", 0.5, 9_000);
        f.scaledOutAt(5_000);
        f.scaledInAt(6_000);
        f.forgetOlderThan(2_000);
        FamilyLoad back = FamilyLoad.fromBytes(f.toBytes());
        assertThat(back.nodes()).containsOnlyKeys("new");
        assertThat(back.lastScaleOutMillis()).isEqualTo(5_000);
        assertThat(back.lastScaleInMillis()).isEqualTo(6_000);
        assertThat(back.meanUtilisation()).isEqualTo(0.5);
    }

    @Test
    void forecastsOfMostNodesAskForOneMoreNodePerThreatenedNode() {
        FamilyLoad f = load(0.5, 0.5, 0.5, 0.5);
        f.forecast("n0", MetricId.PROCESS_COUNT.id(), 600, 1_000);
        f.forecast("n1", MetricId.PROCESS_COUNT.id(), 420, 1_000);
        assertThat(policy.decide("web", f, 61_000))
                .as("2 of 4 reach the 50 % quorum")
                .hasValueSatisfying(x -> {
                    assertThat(x.action()).isEqualTo(ScalingAction.SCALE_OUT);
                    assertThat(x.count()).isEqualTo(2);
                    assertThat(x.reason())
                            .isEqualTo(
                                    "2 of 4 web nodes forecast to hit process_limit in 6 min; 2 more share the load");
                });
    }

    @Test
    void forecastsBeyondTheHorizonOrOfAFewNodesChangeNothing() {
        FamilyLoad far = load(0.5, 0.5);
        far.forecast("n0", MetricId.ATOM_COUNT.id(), 3_000, 1_000);
        assertThat(policy.decide("web", far, 1_000)).isEmpty();
        FamilyLoad few = load(0.5, 0.5, 0.5);
        few.forecast("n0", MetricId.ATOM_COUNT.id(), 300, 1_000);
        assertThat(policy.decide("web", few, 1_000)).isEmpty();
    }

    @Test
    void neverScalesInWhileANodeIsForecastToHitALimit() {
        FamilyLoad idle = load(same(6, 0.1));
        idle.forecast("n0", MetricId.ETS_COUNT.id(), 300, 1_000);
        assertThat(policy.decide("db", idle, 1_000)).isEmpty();
        idle.forgetForecastsOlderThan(2_000);
        assertThat(policy.decide("db", idle, 1_000))
                .hasValueSatisfying(x -> assertThat(x.action()).isEqualTo(ScalingAction.SCALE_IN));
    }

    @Test
    void keepsForecastsThroughSerialisation() {
        FamilyLoad f = load(0.5);
        f.forecast("n0", MetricId.PROCESS_COUNT.id(), 420, 1_000);
        assertThat(FamilyLoad.fromBytes(f.toBytes()).forecasts()).isEqualTo(f.forecasts());
    }
}
