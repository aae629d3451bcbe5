package io.numbat.deployer.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionCheckTest {
    private static final DeployerConfig CONFIG = DeployerConfig.parse("""
            {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024, "otpVersion": "26"},
                            "maxNodes": 100, "costPerNodeHour": 0}],
             "families": {"db": {"profile": {"cores": 1}, "run": {"command": ["sim"]}, "maxNodes": 3},
                          "web": {"profile": {"cores": 1}, "run": {"command": ["sim"]}, "maxNodes": 8}}}
            """);
    private final DecisionCheck check = new DecisionCheck(CONFIG);

    private static ScalingDecision decision(String family, ScalingAction action, int count) {
        return ScalingDecision.newBuilder()
                .setId("d-" + count)
                .setFamily(family)
                .setTimestamp(Instant.now())
                .setAction(action)
                .setCount(count)
                .setCurrentNodes(1)
                .setReason("test")
                .setSource("policy")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThat(check.problem(decision("db", ScalingAction.SCALE_OUT, -1)))
                .hasValueSatisfying(p -> assertThat(p).contains("count must be >= 0, was -1"));
        assertThat(check.problem(decision("db", ScalingAction.SCALE_IN, -1))).isPresent();
    }

    @Test
    void aScaleOutBeyondWhatTheFamilyMayEverHoldIsRefused() {
        assertThat(check.problem(decision("db", ScalingAction.SCALE_OUT, Integer.MAX_VALUE)))
                .hasValueSatisfying(p -> assertThat(p).contains("more than the family may ever hold (3)"));
        assertThat(check.problem(decision("db", ScalingAction.SCALE_OUT, 4))).isPresent();
        assertThat(check.problem(decision("ghost", ScalingAction.SCALE_OUT, 9)))
                .as("unknown: the largest bound")
                .isPresent();
    }

    @Test
    void decisionsWithinTheBoundsPass() {
        assertThat(check.problem(decision("db", ScalingAction.SCALE_OUT, 3))).isEmpty();
        assertThat(check.problem(decision("db", ScalingAction.SCALE_OUT, 0))).isEmpty();
        assertThat(check.problem(decision("ghost", ScalingAction.SCALE_OUT, 8)))
                .as("FAILED later with the reason")
                .isEmpty();
        assertThat(check.problem(decision("db", ScalingAction.SCALE_IN, 50)))
                .as("a scale-in stops what there is")
                .isEmpty();
    }
}
