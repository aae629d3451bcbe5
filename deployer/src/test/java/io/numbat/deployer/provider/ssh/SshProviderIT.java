package io.numbat.deployer.provider.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Offer;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.config.Settings;
import io.numbat.deployer.provider.NodeAttacher;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.local.ErlangAvailable;
import io.numbat.deployer.provider.shell.ShellNodeProvider.StopOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code erl} nodes started over SSH through a real OpenSSH {@code sshd} on a loopback port. */
class SshProviderIT {
    private static final Profile ANY = new Profile(1, 512, null, null, null, Map.of());
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    static Path dir;

    private static TestSshd sshd;
    private static Vertx vertx;
    private static Path cookieFile;

    @BeforeAll
    static void startSshd() throws IOException, InterruptedException {
        assumeTrue(
                TestSshd.unavailableReason().isEmpty(),
                () -> "skipped: " + TestSshd.unavailableReason().orElseThrow());
        assumeTrue(
                ErlangAvailable.unavailableReason().isEmpty(),
                () -> "skipped: " + ErlangAvailable.unavailableReason().orElseThrow());
        sshd = TestSshd.start(Files.createDirectories(dir.resolve("sshd")));
        vertx = Vertx.vertx();
        cookieFile = Files.writeString(dir.resolve("cookie"), "ssh-it-" + RUN + "\n");
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    private static ProviderConfig config(String name, Path key, Path knownHosts, List<String> hosts) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("hosts", hosts);
        s.put("user", System.getProperty("user.name"));
        s.put("keyFile", key.toString());
        s.put("port", sshd.port);
        s.put("knownHosts", knownHosts.toString());
        s.put("workDir", dir.resolve("remote-nodes").toString());
        s.put("startTimeout", Duration.ofSeconds(120));
        s.put("stopTimeout", Duration.ofSeconds(60));
        return new ProviderConfig(
                name,
                ProviderType.SSH,
                new Offer(1, 512, null, null, null, null, null, Map.of()),
                10,
                0,
                new Settings(s));
    }

    private static ProviderContext ctx() {
        return new ProviderContext(
                vertx,
                Optional.empty(),
                Map.of("beam", new FamilyConfig("beam", ANY, new Run.Erl(List.of()), 0, 10, cookieFile.toString())),
                NodeAttacher.NONE);
    }

    @Test
    void startsRealErlangNodesOnTwoHostsOverSshAndStopsThemGracefully() throws Exception {
        String a = "ssh-" + RUN + "-1";
        String b = "ssh-" + RUN + "-2";
        // two host entries for the same sshd, so the spreading shows
        try (SshProvider p = SshProvider.create(
                config("ssh-it", sshd.userKey, sshd.knownHosts, List.of("127.0.0.1", "localhost")), ctx())) {
            await(p.start(new NodeSpec(a, "beam", "d1", null)));
            await(p.start(new NodeSpec(b, "beam", "d1", null)));

            assertThat(p.nodesPerHost())
                    .containsEntry("127.0.0.1:" + sshd.port, 1)
                    .containsEntry("localhost:" + sshd.port, 1);
            assertThat(epmdNames()).contains("name " + a + " at port", "name " + b + " at port");
            String shortHost =
                    p.launched(a).orElseThrow().erlangName().orElseThrow().split("@")[1];
            assertThat(shortHost).isNotEmpty().doesNotContain(".");
            assertThat(Files.exists(dir.resolve("remote-nodes").resolve(a + ".log")))
                    .isTrue();
            assertThat(Files.readString(Path.of(
                            "/proc", Long.toString(p.launched(a).orElseThrow().pid()), "cmdline")))
                    .as("the running beam's command line (ps)")
                    .contains(a + "@")
                    .doesNotContain("ssh-it-" + RUN);
            assertThat(Files.readString(dir.resolve("remote-nodes")
                                    .resolve(a + ".home")
                                    .resolve(".erlang.cookie"))
                            .strip())
                    .as("the cookie came over the script's standard input")
                    .isEqualTo("ssh-it-" + RUN);

            assertThat(await(p.stopNode(a))).isEqualTo(StopOutcome.GRACEFUL);
            assertThat(await(p.stopNode(b))).isEqualTo(StopOutcome.GRACEFUL);
            assertThat(epmdNames()).doesNotContain("name " + a + " at port", "name " + b + " at port");
        }
    }

    @Test
    void keyTheServerDoesNotKnowIsReportedWithUserHostAndKey() throws Exception {
        Path stranger = sshd.strangerKey();
        try (SshProvider p =
                SshProvider.create(config("ssh-it-badkey", stranger, sshd.knownHosts, List.of("127.0.0.1")), ctx())) {
            assertThatThrownBy(() -> await(p.start(new NodeSpec("ssh-" + RUN + "-x", "beam", "d2", null))))
                    .hasMessageContaining("on 127.0.0.1:" + sshd.port)
                    .hasMessageContaining("refused the key " + stranger);
        }
    }

    @Test
    void hostKeyMissingFromKnownHostsIsReportedWithTheFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        try (SshProvider p =
                SshProvider.create(config("ssh-it-hostkey", sshd.userKey, empty, List.of("127.0.0.1")), ctx())) {
            assertThatThrownBy(() -> await(p.start(new NodeSpec("ssh-" + RUN + "-y", "beam", "d3", null))))
                    .hasMessageContaining(
                            "the host key of 127.0.0.1:" + sshd.port + " is not (or no longer) in " + empty);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    private static String epmdNames() throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("epmd", "-names").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
