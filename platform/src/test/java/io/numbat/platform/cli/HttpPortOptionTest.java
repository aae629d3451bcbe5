package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --http-port} of the components: checked before anything starts, a bad one is a usage error naming it. */
class HttpPortOptionTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aPortOutOfRangeOrNotANumberIsAUsageErrorNamingTheOption() {
        assertThat(run("processor", "--http-port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port").contains("70000").contains("0 to 65535");
        assertThat(run("alerts", "--webhook", "http://127.0.0.1:1/hook", "--http-port", "-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--http-port").contains("'-1'");
        assertThat(run("agent", "--host", "--http-port", "http")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port").contains("'http' is not a port");
        assertThat(run("fleet", "--nodes", "1", "--http-port", "65536")).isEqualTo(2);
        assertThat(run("deployer", "--config", "x.json", "--http-port", "99999"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("99999");
    }

    @Test
    void helpSaysEveryComponentServesMetrics() {
        for (String command : new String[] {"processor", "agent", "alerts", "fleet", "deployer"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("--http-port").contains("/metrics");
        }
    }
}
