package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code numbat remediation} and {@code numbat processor --remediation-*}: arguments checked before anything runs. */
class RemediationsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void approveNeedsAnId() {
        assertThat(run("remediation", "approve")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'ID'");
    }

    @Test
    void aVerdictNeedsARunningPlatform() {
        assertThat(run("remediation", "reject", "x", "--bootstrap-servers", "")).isEqualTo(1);
        assertThat(err.toString()).contains("numbat remediation reject talks to a running platform");
    }

    @Test
    void theRemediationCommandNeedsASubcommand() {
        assertThat(run("remediation")).isEqualTo(2);
        assertThat(err.toString()).contains("missing command").contains("list").contains("approve");
    }

    @Test
    void processorRemediationOptionsAreCheckedAtStartNamingTheOption() {
        assertThat(run("processor", "--remediation-max-per-hour", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("--remediation-max-per-hour must be >= 1, was 0");
    }

    @Test
    void anUnknownRemediationModeIsAUsageError() {
        assertThat(run("processor", "--remediation-mode", "sometimes")).isEqualTo(2);
        assertThat(err.toString()).contains("auto, approve or notify");
    }

    @Test
    void theOptionsGiveTheSettings() {
        RemediationOptions o = new RemediationOptions();
        new CommandLine(new Holder(o)).parseArgs("--remediation-mode", "AUTO", "--remediation-max-in-progress", "2");
        var s = o.settings();
        assertThat(s.mode("web", "process_count")).isEqualTo(io.numbat.schemas.RemediationMode.AUTO);
        assertThat(s.limits("web").maxInProgress()).isEqualTo(2);
        assertThat(s.limits("web").maxPerHour()).isEqualTo(6);
        assertThat(s.limits("web").replacementTime().toSeconds()).isEqualTo(180);
    }

    @Test
    void aBadRemediationConfigStopsTheStartNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("remedies.yaml");
        Files.writeString(file, "families:\n  web:\n    causes:\n      memory_total:\n        playbook: reboot\n");

        assertThat(run("processor", "--remediation-config", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains(
                        "families.web.causes.memory_total.playbook: unknown value 'reboot'; known: replace, restart, gc");
    }

    @Test
    void aGcPlaybookWithoutTheOperatorTokenStopsTheStartNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("remedies.yaml");
        Files.writeString(file, "families: {web: {causes: {memory_total: {playbook: gc}}}}");

        assertThat(run("processor", "--remediation-config", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("families.web.causes.memory_total.playbook is gc")
                .contains("--operator-token-file");
    }

    @Test
    void theFileIsLaidOverTheOptionsAndTheTokenSignsGcActions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("remedies.json");
        Files.writeString(
                file,
                "{\"defaults\": {\"maxPerHour\": 10}, \"families\": {\"web\": {\"causes\": "
                        + "{\"memory_total\": {\"playbook\": \"gc\"}}}}}");
        Path token = dir.resolve("operator.token");
        Files.writeString(token, "s3cret\n");
        RemediationOptions o = new RemediationOptions();
        new CommandLine(new Holder(o))
                .parseArgs(
                        "--remediation-mode",
                        "auto",
                        "--remediation-max-per-hour",
                        "3",
                        "--remediation-max-in-progress",
                        "2",
                        "--remediation-config",
                        file.toString(),
                        "--operator-token-file",
                        token.toString());

        RemediationOptions.Configured c = o.configured();

        assertThat(c.settings().mode("web", "memory_total")).isEqualTo(io.numbat.schemas.RemediationMode.AUTO);
        assertThat(c.settings().playbook("web", "memory_total")).isEqualTo(io.numbat.schemas.Playbook.GC);
        assertThat(c.settings().limits("web").maxPerHour()).isEqualTo(10); // the file's
        assertThat(c.settings().limits("web").maxInProgress()).isEqualTo(2); // the option's
        assertThat(c.gcActions()).isNotNull();
    }

    @CommandLine.Command
    static final class Holder {
        @CommandLine.Mixin
        final RemediationOptions options;

        Holder(RemediationOptions options) {
            this.options = options;
        }
    }
}
