package io.numbat.processor.remedy;

import static io.numbat.processor.remedy.Remedies.T0;
import static io.numbat.processor.remedy.Remedies.event;
import static io.numbat.processor.remedy.Remedies.raised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.processor.GoldenFiles;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The golden file of {@link FamilyRemediations}' stored form (version 2 from the start, like the other formats new
 * since version 2): a family of two RUNNING nodes with one remediation draining its old node and one skipped.
 */
class RemediationStateGoldenTest {
    static final String FILE = "family-remediations-v2.bin";

    static FamilyRemediations sample() {
        RemediationSettings s = RemediationSettings.defaults(RemediationMode.AUTO);
        FamilyRemediations f = new FamilyRemediations(Remedies.FAMILY);
        f.onDeployment(event("web-1@h", DeploymentState.RUNNING, "deploy", null, T0), s, T0);
        f.onDeployment(event("web-2@h", DeploymentState.RUNNING, "deploy", null, T0), s, T0);
        Alarm a = raised("web-1@h", MetricId.PROCESS_COUNT, 600, T0);
        f.onAlarm(a, s, T0 + 1_000);
        f.onDeployment(
                event("web-0a1b2c-1", DeploymentState.RUNNING, FamilyRemediations.idOf(a) + "/out", null, T0),
                s,
                T0 + 40_000);
        f.onAlarm(raised("web-2@h", MetricId.ATOM_COUNT, 100, T0 + 50_000), s, T0 + 50_000);
        return f;
    }

    @Test
    void decodesAndEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FILE);
        FamilyRemediations f = FamilyRemediations.fromBytes(golden);

        assertThat(f.family()).isEqualTo("web");
        assertThat(f.members).containsOnlyKeys("web-1@h", "web-2@h", "web-0a1b2c-1");
        assertThat(f.starts).containsExactly(T0 + 1_000);
        assertThat(f.remediations).hasSize(2);
        RemediationEntry draining = f.remediations.values().iterator().next();
        assertThat(draining.node).isEqualTo("web-1@h");
        assertThat(draining.attempt).isEqualTo(1);
        assertThat(draining.state).isEqualTo(RemediationState.EXECUTING);
        assertThat(draining.step).isEqualTo(RemediationEntry.Step.DRAINING);
        assertThat(draining.playbook).isEqualTo(Playbook.REPLACE);
        assertThat(draining.replacementNode).isEqualTo("web-0a1b2c-1");
        assertThat(draining.exhaustionAt).isEqualTo(T0 + 600_000);
        assertThat(draining.stepStartedAt).isEqualTo(T0 + 40_000);
        assertThat(draining.metric).isEqualTo(MetricId.PROCESS_COUNT.id());
        assertThat(draining.who).isEqualTo("auto");
        assertThat(f.open()).hasSize(1);
        assertThat(f.toBytes()).isEqualTo(golden);
        assertThat(sample().toBytes()).isEqualTo(golden);
    }

    @Test
    void bytesWithoutTheirVersionByteAreRefusedNamingTheFormat() {
        assertThatThrownBy(() -> FamilyRemediations.fromBytes(new byte[] {0, 1}))
                .hasMessageContaining("not a family's remediations");
        assertThatThrownBy(() -> FamilyRemediations.fromBytes(new byte[] {2, 0}))
                .hasMessageContaining("not a family's remediations");
    }

    /** Writes the missing golden file only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFile() {
        GoldenFiles.writeIfAbsent(FILE, sample().toBytes());
    }
}
