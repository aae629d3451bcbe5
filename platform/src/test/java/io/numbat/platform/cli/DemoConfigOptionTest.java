package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.platform.demo.DemoSettings;
import io.numbat.processor.config.FamilyMode;
import io.numbat.processor.config.LiveRules;
import io.numbat.processor.scaling.ScalingPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code numbat demo --config FILE}: the processor's rules per family, checked before anything starts. */
class DemoConfigOptionTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aBadConfigStopsTheDemoNamingEveryKeyBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processor.yaml");
        Files.writeString(
                file, "families:\n  web:\n    mode: autoscale\n    scaling: {maxNodes: 0}\n  db: {colour: red}\n");

        assertThat(run(
                        "demo",
                        "--config",
                        file.toString(),
                        "--data-dir",
                        dir.resolve("data").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("families.web.mode: unknown value 'autoscale'; known: scale, monitor")
                .contains("families.web.scaling.maxNodes must be >= 1, was 0")
                .contains("families.db: unknown key 'colour'");
        assertThat(out.toString()).as("nothing started").doesNotContain("kafka=", "numbat ready");
    }

    @Test
    void theFileIsLaidOverTheDemosOwnPolicy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processor.json");
        Files.writeString(
                file, "{\"families\": {\"db\": {\"mode\": \"monitor\"}, \"web\": {\"scaling\": {\"maxNodes\": 4}}}}");
        DemoCommand command = new DemoCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--cooldown", "20s");
        DemoSettings settings =
                new DemoSettings(20, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20), 42, 0);

        LiveRules rules = command.familyRules(settings);

        assertThat(rules.file()).isEqualTo(file);
        assertThat(rules.current().of("db").mode()).isEqualTo(FamilyMode.MONITOR);
        assertThat(rules.scaling("db")).as("monitor: never a scaling decision").isNull();
        ScalingPolicy web = rules.scaling("web");
        assertThat(web.maxNodes()).isEqualTo(4);
        assertThat(web.scaleOutAbove())
                .as("the demo's own policy below the file")
                .isEqualTo(0.75);
        assertThat(web.outCooldown()).as("the demo's --cooldown").isEqualTo(Duration.ofSeconds(20));
        assertThat(new DemoCommand().familyRules(settings)).as("no file: none").isNull();
    }
}
