package io.numbat.deployer.provider.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.provider.local.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start and stop scripts run by a real {@code sh} on commands (no Erlang needed). */
class NodeScriptsTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private final LocalShell sh = new LocalShell();

    @TempDir
    Path dir;

    private NodeLaunch command(String node, String script) {
        FamilyConfig f = new FamilyConfig("jvm", new Profile(1, 512, null, null, null, Map.of()),
                new Run.Command(List.of("sh", "-c", script)), 0, 10, null);
        return NodeLaunch.of(node, f, "localhost", "erl", Optional.empty());
    }

    private long start(NodeLaunch launch) throws IOException {
        ShellResult r = sh.run(NodeScripts.start(launch, dir.toString(), "epmd", GENEROUS), GENEROUS);
        assertThat(r.ok()).as(r.output()).isTrue();
        return Long.parseLong(r.value("pid").orElseThrow());
    }

    @Test
    void commandOutputGoesToItsLogAndItsPidToItsPidFile() throws IOException {
        long pid = start(command("jvm-1", "echo hello from $NUMBAT_NODE; exec sleep 60"));

        assertThat(Files.readString(dir.resolve("jvm-1.pid")).strip()).isEqualTo(Long.toString(pid));
        assertThat(sh.run(NodeScripts.stop(pid, "jvm-1", GENEROUS), GENEROUS).value("outcome")).contains("graceful");
        assertThat(Files.readString(dir.resolve("jvm-1.log"))).contains("hello from jvm-1");
    }

    @Test
    void processThatIgnoresSigtermIsKilledAfterTheStopTimeout() throws IOException {
        long pid = start(command("stubborn", "trap '' TERM; while :; do sleep 1; done"));

        ShellResult r = sh.run(NodeScripts.stop(pid, "stubborn", Duration.ofSeconds(1)), GENEROUS);

        assertThat(r.value("outcome")).as(r.output()).contains("forced");
    }

    @Test
    void stoppingAProcessThatAlreadyExitedSaysGone() throws IOException, InterruptedException {
        long pid = start(command("brief", "exec sleep 1"));
        // wait for it to exit by itself, without asserting on timing
        while (sh.run("kill -0 " + pid + " 2>/dev/null && ! grep -q '^State:.*Z' /proc/" + pid + "/status", GENEROUS).ok()) {
            Thread.sleep(100);
        }

        assertThat(sh.run(NodeScripts.stop(pid, "brief", GENEROUS), GENEROUS).value("outcome")).contains("gone");
    }

    @Test
    void processOfAnotherNodeIsLeftAloneAsGone() throws IOException {
        long pid = start(command("other", "exec sleep 60"));

        assertThat(sh.run(NodeScripts.stop(pid, "not-other", GENEROUS), GENEROUS).value("outcome")).contains("gone");
        assertThat(sh.run(NodeScripts.stop(pid, "other", GENEROUS), GENEROUS).value("outcome")).contains("graceful");
    }

    @Test
    void commandThatDoesNotExistFailsAtOnceNamingTheProgram() throws IOException {
        FamilyConfig f = new FamilyConfig("jvm", new Profile(1, 512, null, null, null, Map.of()),
                new Run.Command(List.of("/nonexistent/numbat-app")), 0, 10, null);

        ShellResult r = sh.run(NodeScripts.start(NodeLaunch.of("x", f, "localhost", "erl", Optional.empty()),
                dir.toString(), "epmd", GENEROUS), GENEROUS);

        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.output()).contains("/nonexistent/numbat-app: not found");
    }
}
