package io.numbat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PreventBenchTest {
    @Test
    void aSmallRunReplacesEveryLeakingNodeAndTouchesNoHealthyOne() {
        PrintStream before = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            rc = new CommandLine(new PreventBench())
                    .execute("--nodes", "40", "--families", "4", "--leaks", "4", "--duration", "80m");
        } finally {
            System.setOut(before);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(rc).isZero();
        assertThat(printed)
                .contains("RESULT prevent leaking=4 prevented=4 outages=0 false_remediations=0")
                .contains("EXECUTING REPLACE  starting a replacement for")
                .contains("DONE      REPLACE");
    }

    @Test
    void theModelledDeployerNamesAReplacementAsTheDeployerDoes() {
        ScalingDecision d = ScalingDecision.newBuilder()
                .setId("web-1@h/predicted_exhaustion/process_count@1767225600000/out")
                .setFamily("web")
                .setTimestamp(Instant.EPOCH)
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(1)
                .setCurrentNodes(3)
                .setReason("test")
                .setSource("remediation")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();

        String deployers = new DeploymentTracker().accept(d).get(0).node();

        assertThat(deployers).isEqualTo("web-" + BenchDeployer.tag(d.getId()) + "-1");
    }
}
