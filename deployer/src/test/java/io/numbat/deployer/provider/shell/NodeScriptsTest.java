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
        FamilyConfig f = new FamilyConfig(
                "jvm",
                new Profile(1, 512, null, null, null, Map.of()),
                new Run.Command(List.of("sh", "-c", script)),
                0,
                10,
                null);
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
        assertThat(sh.run(NodeScripts.stop(pid, "jvm-1", GENEROUS), GENEROUS).value("outcome"))
                .contains("graceful");
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
        while (sh.run("kill -0 " + pid + " 2>/dev/null && ! grep -q '^State:.*Z' /proc/" + pid + "/status", GENEROUS)
                .ok()) {
            Thread.sleep(100);
        }

        assertThat(sh.run(NodeScripts.stop(pid, "brief", GENEROUS), GENEROUS).value("outcome"))
                .contains("gone");
    }

    @Test
    void processOfAnotherNodeIsLeftAloneAsGone() throws IOException {
        long pid = start(command("other", "exec sleep 60"));

        assertThat(sh.run(NodeScripts.stop(pid, "not-other", GENEROUS), GENEROUS)
                        .value("outcome"))
                .contains("gone");
        assertThat(sh.run(NodeScripts.stop(pid, "other", GENEROUS), GENEROUS).value("outcome"))
                .contains("graceful");
    }

    /**
     * A stand-in for {@code erl} (or a release's start script) and {@code epmd}: the program writes what it was
     * given (argv, HOME, its cookie file and RELX_COOKIE) to its log and "registers" the node, which the fake
     * epmd then lists.
     */
    private Path[] fakeErlangAndEpmd(String node) throws IOException {
        Path registered = dir.resolve("registered");
        Path program = Files.writeString(dir.resolve("fake-erl"), """
                #!/bin/sh
                echo "argv=$*"
                echo "home=$HOME"
                echo "home_mode=$(stat -c %%a "$HOME" 2>/dev/null)"
                echo "file_mode=$(stat -c %%a "$HOME/.erlang.cookie" 2>/dev/null)"
                echo "file=$(cat "$HOME/.erlang.cookie" 2>/dev/null)"
                echo "relx=$RELX_COOKIE"
                touch %s
                exec sleep 60
                """.formatted(registered));
        Path epmd = Files.writeString(dir.resolve("fake-epmd"), """
                #!/bin/sh
                [ -f %s ] && echo "name %s at port 4369"
                exit 0
                """.formatted(registered, node));
        program.toFile().setExecutable(true);
        epmd.toFile().setExecutable(true);
        return new Path[] {program, epmd};
    }

    /** Starts {@code launch} with its cookie on stdin; returns its log once the program has written it. */
    private String startWithCookie(NodeLaunch launch, Path epmd) throws IOException, InterruptedException {
        String script = NodeScripts.start(launch, dir.toString(), epmd.toString(), GENEROUS);
        assertThat(script).as("the script's text, visible in ps").doesNotContain("s3cret");
        ShellResult r = sh.run(script, launch.stdin(), GENEROUS);
        assertThat(r.ok()).as(r.output()).isTrue();
        long pid = Long.parseLong(r.value("pid").orElseThrow());
        try {
            assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")))
                    .contains("sleep")
                    .doesNotContain("s3cret");
        } finally {
            assertThat(sh.run(NodeScripts.stop(pid, launch.node(), GENEROUS), GENEROUS)
                            .value("outcome"))
                    .contains("graceful");
        }
        return Files.readString(dir.resolve(launch.node() + ".log"));
    }

    @Test
    void erlNodeFindsItsCookieInAPrivateHomeFromStandardInputNeverOnACommandLine() throws Exception {
        Path[] fake = fakeErlangAndEpmd("web-7");
        FamilyConfig f = new FamilyConfig(
                "web", new Profile(1, 512, null, null, null, Map.of()), new Run.Erl(List.of("-pa", "x")), 0, 10, "/c");
        NodeLaunch launch = NodeLaunch.of("web-7", f, "localhost", fake[0].toString(), Optional.of("s3cret"));

        String log = startWithCookie(launch, fake[1]);

        assertThat(log)
                .contains(
                        "argv=-sname web-7@localhost -noinput -pa x",
                        "home=" + dir.resolve("web-7.home"),
                        "home_mode=700",
                        "file_mode=400",
                        "file=s3cret",
                        "relx=\n")
                .doesNotContain("argv=-sname web-7@localhost -setcookie");
    }

    @Test
    void releaseGetsItsCookieInRelxCookieFromStandardInput() throws Exception {
        Path[] fake = fakeErlangAndEpmd("web-8");
        FamilyConfig f = new FamilyConfig(
                "web",
                new Profile(1, 512, null, null, null, Map.of()),
                new Run.Release(fake[0].toString()),
                0,
                10,
                "/c");
        NodeLaunch launch = NodeLaunch.of("web-8", f, "localhost", "erl", Optional.of("s3cret"));

        assertThat(startWithCookie(launch, fake[1])).contains("argv=foreground", "relx=s3cret");
    }

    @Test
    void commandThatDoesNotExistFailsAtOnceNamingTheProgram() throws IOException {
        FamilyConfig f = new FamilyConfig(
                "jvm",
                new Profile(1, 512, null, null, null, Map.of()),
                new Run.Command(List.of("/nonexistent/numbat-app")),
                0,
                10,
                null);

        ShellResult r = sh.run(
                NodeScripts.start(
                        NodeLaunch.of("x", f, "localhost", "erl", Optional.empty()), dir.toString(), "epmd", GENEROUS),
                GENEROUS);

        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.output()).contains("/nonexistent/numbat-app: not found");
    }
}
