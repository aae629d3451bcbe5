package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.agent.erlang.JInterface;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code numbat agent}'s usage errors and start-up problems (nothing here reaches a node or a broker). */
class AgentCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheAgentsOptions() {
        assertThat(run("agent", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--erlang-node",
                        "--cookie-file",
                        "--discover",
                        "--family-pattern",
                        "--forget-after",
                        "--config",
                        "--interval",
                        "--spool-dir",
                        "--bootstrap-servers",
                        "--schema-registry");
    }

    @Test
    void noNodeMissingCookieFileOrAMalformedNodeAreUsageErrors() throws Exception {
        Path cookie = Files.writeString(dir.resolve("cookie"), "secret\n");
        assertThat(run("agent", "--cookie-file", cookie.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--erlang-node");
        assertThat(run("agent", "--erlang-node", "a@localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("--cookie-file is required");
        assertThat(run("agent", "--erlang-node", "nohost", "--cookie-file", cookie.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("NAME@HOST").contains("nohost");
    }

    @Test
    void discoveryAndConfigurationMisusesAreUsageErrors() throws Exception {
        Path cookie = Files.writeString(dir.resolve("cookie"), "secret\n");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "clusters: []\n");
        assertThat(run("agent", "--config", config.toString(), "--erlang-node", "a@localhost"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--config lists the clusters");
        assertThat(run("agent", "--discover", "--host")).isEqualTo(2);
        assertThat(err.toString()).contains("--discover needs a seed");
        assertThat(run(
                        "agent",
                        "--erlang-node",
                        "a@localhost",
                        "--cookie-file",
                        cookie.toString(),
                        "--family-pattern",
                        "web-*"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--family-pattern").contains("GLOB=FAMILY");
    }

    @Test
    void aConfigurationWithAnInlineCookieOrAnUnknownKeyIsRefusedNamingTheKey() throws Exception {
        Path config = Files.writeString(
                dir.resolve("agent.yaml"),
                "clusters:\n  - seeds: [a@localhost]\n    cookieFile: c\n    cookie: hunter2\n    intervall: 5s\n");
        assertThat(run("agent", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString())
                .contains("clusters[0].cookie: a cookie is never written in the configuration")
                .contains("clusters[0]: unknown key 'intervall'")
                .doesNotContain("hunter2");
    }

    @Test
    void anUnreadableCookieFileIsNamedAndExits1() {
        assertThat(run(
                        "agent",
                        "--erlang-node",
                        "a@localhost",
                        "--cookie-file",
                        dir.resolve("missing").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("numbat: error: cannot read the cookie file")
                .contains("missing");
    }

    @Test
    void withoutAUsableJInterfaceTheAgentSaysWhyAndExits1() throws Exception {
        assumeTrue(JInterface.unavailableReason().isPresent(), "a usable JInterface is on this test class path");
        Path cookie = Files.writeString(dir.resolve("cookie"), "secret\n");
        assertThat(run("agent", "--erlang-node", "a@localhost", "--cookie-file", cookie.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("numbat: error: the Erlang collector is unavailable")
                .contains("erlang-jinterface")
                .doesNotContain("secret");
    }
}
