package io.numbat.deployer.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.provider.NodeAttacher;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.shell.ShellNodeProvider.StopOutcome;
import io.numbat.deployer.provider.shell.ShellOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code erl} nodes started and stopped by the local provider. */
class LocalProviderIT {
    private static final Profile ANY = new Profile(1, 512, null, null, null, Map.of());

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final List<String> attachments = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private Path cookieFile;
    private LocalProvider provider;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(
                ErlangAvailable.unavailableReason().isEmpty(),
                () -> "skipped: " + ErlangAvailable.unavailableReason().orElseThrow());
        vertx = Vertx.vertx();
        cookieFile = Files.writeString(dir.resolve("cookie"), "it-cookie-" + run + "\n");
        Map<String, FamilyConfig> families = Map.of(
                "beam", new FamilyConfig("beam", ANY, new Run.Erl(List.of()), 0, 10, cookieFile.toString()),
                // a node that ignores SIGTERM, so only the forced stop ends it
                "stubborn",
                        new FamilyConfig(
                                "stubborn",
                                ANY,
                                new Run.Erl(List.of("-eval", "os:set_signal(sigterm, ignore)")),
                                0,
                                10,
                                cookieFile.toString()));
        NodeAttacher attacher = new NodeAttacher() {
            @Override
            public void attached(String node, String family, String fullNodeName, Path cookie) {
                attachments.add("attached " + node + " " + fullNodeName + " " + cookie.getFileName());
            }

            @Override
            public void detached(String node) {
                attachments.add("detached " + node);
            }
        };
        ShellOptions options = new ShellOptions(
                dir.resolve("nodes").toString(), "erl", Duration.ofSeconds(120), Duration.ofSeconds(60), 4);
        provider = new LocalProvider(
                "local-it",
                options.withStopTimeout(Duration.ofSeconds(60)),
                new ProviderContext(vertx, Optional.empty(), families, attacher));
    }

    @AfterEach
    void tearDown() {
        if (provider != null) {
            provider.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void startsTwoRealErlangNodesAndStopsThemGracefully() throws Exception {
        String a = "beam-" + run + "-1";
        String b = "beam-" + run + "-2";

        await(Future.all(
                provider.start(new NodeSpec(a, "beam", "d1", null)),
                provider.start(new NodeSpec(b, "beam", "d1", null))));

        assertThat(epmdNames()).contains("name " + a + " at port", "name " + b + " at port");
        assertThat(ping(a + "@localhost"))
                .as("the node took the cookie from its private HOME")
                .isEqualTo("pong");
        assertThat(cmdline(provider.launched(a).orElseThrow().pid()))
                .as("the running beam's command line (ps)")
                .contains("-sname " + a + "@localhost")
                .doesNotContain("it-cookie-" + run);
        assertThat(provider.launched(a).orElseThrow().erlangName()).contains(a + "@localhost");
        assertThat(Files.readString(dir.resolve("nodes").resolve(a + ".pid")).strip())
                .isEqualTo(Long.toString(provider.launched(a).orElseThrow().pid()));

        assertThat(await(provider.stopNode(a))).isEqualTo(StopOutcome.GRACEFUL);
        assertThat(await(provider.stopNode(b))).isEqualTo(StopOutcome.GRACEFUL);

        assertThat(epmdNames()).doesNotContain("name " + a + " at port", "name " + b + " at port");
        assertThat(attachments)
                .containsExactlyInAnyOrder(
                        "attached " + a + " " + a + "@localhost cookie",
                                "attached " + b + " " + b + "@localhost cookie",
                        "detached " + a, "detached " + b);
        assertThat(provider.launched(a)).isEmpty();
    }

    @Test
    void nodeThatIgnoresSigtermIsKilledAfterTheStopTimeout() throws Exception {
        String s = "stubborn-" + run;
        // the node registers with epmd before -eval runs: wait for its marker, or a quick stop races the set_signal
        Path ignoring = dir.resolve(s + ".ignores-sigterm");
        LocalProvider quick = new LocalProvider(
                "local-it-quick",
                new ShellOptions(
                        dir.resolve("nodes").toString(), "erl", Duration.ofSeconds(120), Duration.ofSeconds(3), 2),
                new ProviderContext(
                        vertx,
                        Optional.empty(),
                        Map.of(
                                "stubborn",
                                new FamilyConfig(
                                        "stubborn",
                                        ANY,
                                        new Run.Erl(List.of(
                                                "-eval",
                                                "os:set_signal(sigterm, ignore), file:write_file(\"" + ignoring
                                                        + "\", <<>>)")),
                                        0,
                                        10,
                                        cookieFile.toString())),
                        NodeAttacher.NONE));
        try {
            await(quick.start(new NodeSpec(s, "stubborn", "d2", null)));
            assertThat(epmdNames()).contains("name " + s + " at port");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(ignoring) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(ignoring).as("the node ran its -eval").exists();

            assertThat(await(quick.stopNode(s))).isEqualTo(StopOutcome.FORCED);
            assertThat(epmdNames()).doesNotContain("name " + s + " at port");
        } finally {
            quick.close();
        }
    }

    @Test
    void nodeLaunchedBeforeARestartIsStoppedByANewProviderThroughItsPidFile() throws Exception {
        String a = "beam-" + run + "-old";
        await(provider.start(new NodeSpec(a, "beam", "d5", null)));
        ShellOptions same = new ShellOptions(
                dir.resolve("nodes").toString(), "erl", Duration.ofSeconds(120), Duration.ofSeconds(60), 2);
        LocalProvider restarted = new LocalProvider(
                "local-it-restarted", same, new ProviderContext(vertx, Optional.empty(), Map.of(), NodeAttacher.NONE));
        try {
            assertThat(await(restarted.stopNode(a))).isEqualTo(StopOutcome.GRACEFUL);
            assertThat(epmdNames()).doesNotContain("name " + a + " at port");
            assertThatThrownBy(() -> await(restarted.stopNode("beam-" + run + "-never")))
                    .hasMessageContaining("provider local-it-restarted has no node beam-" + run + "-never");
        } finally {
            restarted.close();
        }
    }

    @Test
    void secondNodeWithTheSameNameIsRefusedNamingTheNode() throws Exception {
        String a = "beam-" + run + "-dup";
        await(provider.start(new NodeSpec(a, "beam", "d3", null)));
        try {
            assertThatThrownBy(() -> await(provider.start(new NodeSpec(a, "beam", "d3", null))))
                    .hasMessageContaining("node " + a + " is already launched on localhost");
        } finally {
            await(provider.stopNode(a));
        }
    }

    @Test
    void unknownFamilyFailsNamingTheProviderAndFamily() {
        assertThatThrownBy(() -> await(provider.start(new NodeSpec("x-1", "nope", "d4", null))))
                .hasMessageContaining("provider local-it: unknown family nope for node x-1 (known: beam, stubborn)");
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    /** The command line of process {@code pid} as {@code ps -eo args} shows it. */
    static String cmdline(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    }

    private static String epmdNames() throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("epmd", "-names").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private String ping(String node) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "erl",
                        "-sname",
                        "probe_" + run + "@localhost",
                        "-setcookie",
                        "it-cookie-" + run,
                        "-noinput",
                        "-eval",
                        "io:format(\"~p~n\", [net_adm:ping('" + node + "')]), halt().")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.lines().reduce((x, y) -> y).orElse("");
    }
}
