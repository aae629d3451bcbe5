package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.platform.demo.ClosedLoop;
import io.numbat.platform.demo.DemoSettings;
import io.numbat.platform.logging.SecretScan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo with {@code --provider local}: an operator's request for two {@code beam} nodes makes the
 * deployer launch two real {@code erl} nodes through its {@code local} provider; the Erlang agent
 * attached to each reports its metrics, so both reach RUNNING; closing the demo stops them. The nodes'
 * command lines ({@code ps}) and every log (the demo's, the nodes') are free of the family's cookie.
 */
class LocalProviderDemoIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(URI uri) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private static long running(JsonNode nodes) {
        long n = 0;
        for (JsonNode node : nodes) {
            n += node.get("state").asText().equals("RUNNING") ? 1 : 0;
        }
        return n;
    }

    @Test
    void deploysRealErlNodesThatReportAndStopsThemAtTheEndWithTheCookieInNoCommandLineNorLog() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        DemoSettings settings =
                new DemoSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(30), 11, 0);
        Path demoDir = PLATFORM.dataDir().resolve("local-demo");
        JsonNode beam;
        String cookie;
        SecretScan logs = SecretScan.start();
        try (ClosedLoop loop =
                ClosedLoop.start(PLATFORM.platform().connection(), PLATFORM.registry(), settings, demoDir, true)) {
            URI deployer = loop.deployerUrl();
            HttpResponse<String> asked = http.send(
                    HttpRequest.newBuilder(deployer.resolve("/api/families/beam/deploy"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 2}", StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asked.statusCode()).as(asked.body()).isBetween(200, 299);
            URI nodes = deployer.resolve("/api/nodes?family=beam");
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            beam = get(nodes);
            while (running(beam) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                beam = get(nodes);
            }
            assertThat(running(beam)).as("beam nodes RUNNING: %s", beam).isEqualTo(2);
            assertThat(beam)
                    .allSatisfy(n -> assertThat(n.get("provider").asText()).isEqualTo("this-host"));
            assertThat(epmdNames())
                    .contains(
                            beam.get(0).get("node").asText(),
                            beam.get(1).get("node").asText());
            cookie = Files.readString(demoDir.resolve("beam.cookie")).strip();
            for (JsonNode node : beam) {
                long pid = Long.parseLong(Files.readString(demoDir.resolve("nodes")
                                .resolve(node.get("node").asText() + ".pid"))
                        .strip());
                assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                                .replace('\0', ' '))
                        .as(
                                "the command line of erl node %s (ps)",
                                node.get("node").asText())
                        .contains("-sname " + node.get("node").asText())
                        .doesNotContain(cookie);
            }
        } finally {
            logs.close();
        }
        assertThat(logs.logged()).as("the demo's log").contains("this-host");
        logs.assertNoSecret(Map.of("the beam family's Erlang cookie", cookie), demoDir);
        assertThat(epmdNames())
                .as("the demo's erl nodes end with it")
                .doesNotContain(
                        beam.get(0).get("node").asText(),
                        beam.get(1).get("node").asText());
    }

    private static String epmdNames() throws Exception {
        Process p =
                new ProcessBuilder("epmd", "-names").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
