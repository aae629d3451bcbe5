package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.config.FamilyMode;
import io.numbat.processor.config.LiveRules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code numbat processor --config FILE}: checked before anything runs, laid over the command line's settings. */
class ProcessorConfigCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aBadConfigStopsTheStartNamingEveryKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processor.yaml");
        Files.writeString(file, "families:\n  web:\n    mode: autoscale\n    scaling: {maxNodes: 0}\n");

        assertThat(run("processor", "--config", file.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("families.web.mode: unknown value 'autoscale'; known: scale, monitor")
                .contains("families.web.scaling.maxNodes must be >= 1, was 0");
    }

    @Test
    void aMissingConfigStopsTheStart(@TempDir Path dir) {
        assertThat(run("processor", "--config", dir.resolve("nope.yaml").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("cannot read the processor configuration");
    }

    @Test
    void theFileIsLaidOverTheCommandLinesSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processor.json");
        Files.writeString(
                file,
                "{\"defaults\": {\"alarms\": {\"nodeDownAfter\": \"1m\"}}, \"families\": {\"batch\": "
                        + "{\"mode\": \"monitor\"}}}");
        ProcessorCommand command = new ProcessorCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--anomaly-detector", "seasonal");

        LiveRules rules = command.familyRules();

        assertThat(rules.current().of("batch").mode()).isEqualTo(FamilyMode.MONITOR);
        assertThat(rules.alarms("web").nodeDownAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rules.alarms("web").limits())
                .as("the command line's")
                .isEqualTo(command.healthRules().limits());
        assertThat(new ProcessorCommand().familyRules()).as("no file: none").isNull();
    }
}
