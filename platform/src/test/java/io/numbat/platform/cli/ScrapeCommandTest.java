package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code numbat scrape} refuses a bad configuration file at start-up, before it reaches a broker or a target. */
class ScrapeCommandTest {
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void anUnknownKeyIsRefusedNamingItsPathAndExits1() throws Exception {
        Path config = Files.writeString(
                dir.resolve("scrape.yaml"),
                "targets:\n  - url: http://127.0.0.1:1/metrics\n    intervall: 5s\n    cookie: hunter2\n");
        assertThat(run("scrape", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("numbat: error:")
                .contains("targets[0]: unknown keys 'intervall', 'cookie'")
                .doesNotContain("hunter2");
    }

    @Test
    void aMissingFileIsNamedAndExits1() {
        assertThat(run("scrape", "--config", dir.resolve("absent.yaml").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("numbat: error:").contains("absent.yaml");
    }
}
