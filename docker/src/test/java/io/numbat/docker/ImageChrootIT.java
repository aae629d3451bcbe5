package io.numbat.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image the build wrote (-Pimages: docker/target/numbat-image.tar) works without Docker: unpacked layer
 * by layer and run through its own entrypoint in a chroot, as its unprivileged user, the jlinked JRE on the
 * host's copied libraries starts the numbat command line, and the compose file's services run.
 */
class ImageChrootIT {
    private static final String TOKEN = "image-test-token";

    @TempDir
    static Path work;

    private static ImageArchive image;

    @BeforeAll
    static void unpack() throws Exception {
        String unavailable = Chroot.unavailableReason();
        assumeTrue(unavailable == null, unavailable);
        Path tar = Path.of(System.getProperty("numbat.image.tar", "target/numbat-image.tar"));
        assertThat(tar).as("the image tarball (mvn -Pimages package)").isRegularFile();
        image = ImageArchive.unpack(tar, work);
    }

    @Test
    void entrypointRunsTheNumbatCommandLineAsTheImagesUser() throws Exception {
        assertThat(image.user()).as("the image's user").isEqualTo("65534:65534");

        Chroot.Result help = Chroot.run(image, List.of("--help"));

        assertThat(help.exitCode())
                .as("numbat --help; stderr: %s", help.stderr())
                .isZero();
        assertThat(help.stdout()).contains("Usage: numbat");
        for (String command : List.of("fleet", "processor", "console", "agent", "bench")) {
            assertThat(help.stdout()).as("commands listed").containsPattern("(?m)^  " + command + " ");
        }
    }

    /**
     * Class loading, the anomaly detector and file output under the jlinked JRE, as the image's user in /tmp. The
     * transition model, which scores from the series' first hours: the default seasonal profile predicts a time of
     * day only from the day after it first saw it, and this series is 8 hours long.
     */
    @Test
    void replayScoresASeriesInsideTheImage() throws Exception {
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < 500; i++) {
            rows.add((1_700_000_000_000L + i * 60_000L) + "," + (i == 400 ? 900.0 : 10.0 + i % 7));
        }
        Files.write(image.rootfs().resolve("tmp/series.csv"), rows);

        Chroot.Result replay = Chroot.run(
                image,
                List.of(
                        "replay",
                        "--input",
                        "/tmp/series.csv",
                        "--output",
                        "/tmp/scored.csv",
                        "--detector",
                        "transition"));

        assertThat(replay.exitCode())
                .as("numbat replay; stderr: %s", replay.stderr())
                .isZero();
        List<String> scored = Files.readAllLines(image.rootfs().resolve("tmp/scored.csv"));
        assertThat(scored).hasSize(rows.size());
        assertThat(scored.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(scored.get(401)).startsWith(rows.get(401) + ",");
        double spike = score(scored.get(401));
        assertThat(spike).as("the spike's anomaly score").isGreaterThan(0.5);
        assertThat(scored.subList(1, 400).stream()
                        .mapToDouble(ImageChrootIT::score)
                        .max()
                        .orElseThrow())
                .as("highest score before the spike")
                .isLessThan(spike);
    }

    /**
     * The compose file's Numbat services, run from the image with their compose commands and environment
     * against a real broker and registry on the host's loopback (the chroot shares the host's network, so
     * every fixed compose port is replaced by a free one: the console's --port, the processor's --http-port,
     * the fleet's --control-port): each prints 'numbat ready', the processor
     * with RocksDB's native library loaded in the image, and the console's /metrics, scraped with its
     * token as Prometheus does, counts every node the fleet publishes.
     */
    @Test
    void composeServicesRunFromTheImageAgainstARealBrokerAndRegistry(@TempDir Path platformDir) throws Exception {
        ComposeFile compose = ComposeFile.read(Path.of("compose.yaml"));
        String consolePort = String.valueOf(freePort());
        Map<String, String> ports = Map.of(
                "--port", consolePort,
                "--http-port", String.valueOf(freePort()),
                "--control-port", String.valueOf(freePort()));
        List<Chroot.Background> running = new ArrayList<>();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(platformDir, 0, 0, ApicurioHome.locate())) {
            Map<String, String> values = Map.of(
                    "NUMBAT_BOOTSTRAP_SERVERS",
                    platform.connection().bootstrapServers(),
                    "NUMBAT_SCHEMA_REGISTRY",
                    platform.connection().schemaRegistryUrl(),
                    "NUMBAT_CONSOLE_TOKEN",
                    TOKEN,
                    "NUMBAT_DEPLOYER_TOKEN",
                    "image-test-deployer-token");
            try {
                for (String name : List.of("processor", "console", "fleet")) {
                    ComposeFile.Service service = compose.service(name);
                    Map<String, String> env = new HashMap<>();
                    for (String key : service.environment().keySet()) {
                        assertThat(values).as("a value for %s of %s", key, name).containsKey(key);
                        env.put(key, values.get(key));
                    }
                    List<String> command = service.command();
                    for (Map.Entry<String, String> port : ports.entrySet()) {
                        command = withOption(command, port.getKey(), port.getValue());
                    }
                    if (name.equals("processor") && !command.contains("--stores")) {
                        // in memory by default; RocksDB's stores load its native library from the jar into /tmp
                        command = new ArrayList<>(command);
                        command.addAll(List.of("--stores", "rocksdb"));
                    }
                    Chroot.Background started = Chroot.start(image, command, env);
                    running.add(started);
                    assertThat(started.awaitLine("numbat ready", Duration.ofSeconds(180)))
                            .as("%s: numbat ready on stdout: %s", name, started.lines())
                            .isTrue();
                }
                try (Stream<Path> tmp = Files.list(image.rootfs().resolve("tmp"))) {
                    assertThat(tmp.map(p -> p.getFileName().toString()))
                            .as("RocksDB's native library unpacked into the image's /tmp")
                            .anyMatch(n -> n.contains("rocksdbjni"));
                }
                int nodes = NumbatCli.parse(compose.service("fleet").command())
                        .subcommand()
                        .matchedOptionValue("--nodes", 0);
                assertThat(awaitFleetNodes(
                                "http://127.0.0.1:" + consolePort + "/metrics", nodes, Duration.ofSeconds(120)))
                        .as("numbat_fleet_nodes on the console's /metrics")
                        .isEqualTo(nodes);
                for (Chroot.Background service : running) {
                    assertThat(service.stop(Duration.ofSeconds(60)))
                            .as("exit code after SIGTERM (128 + 15)")
                            .isEqualTo(143);
                }
            } finally {
                for (Chroot.Background service : running) {
                    service.close();
                }
            }
        }
    }

    /**
     * The image watches today's OTP: its class path carries the OTP installation's JInterface, never Maven
     * Central's 1.6.1 (which fails the handshake with OTP 23+ nodes), and its agent, run from the image as
     * the image's user, watches a real {@code erl} node on the host and publishes its metrics.
     */
    @Test
    void agentInTheImageWatchesARealOtpNode(@TempDir Path platformDir) throws Exception {
        try (Stream<Path> libs = Files.list(image.rootfs().resolve("app/libs"))) {
            assertThat(libs.map(p -> p.getFileName().toString()))
                    .as("jars in the image's /app/libs")
                    .isNotEmpty()
                    .noneMatch(n -> n.startsWith("jinterface"));
        }
        assertThat(image.rootfs().resolve("opt/jinterface/OtpErlang.jar")).isRegularFile();
        assertThat(image.entrypoint()).anyMatch(a -> a.contains("/opt/jinterface/OtpErlang.jar"));
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/erl")), "a real erl node needs Erlang/OTP (Debian: erlang-base)");

        String cookie = "image-" + UUID.randomUUID();
        String node = "image_it_" + ProcessHandle.current().pid() + "@127.0.0.1";
        Path cookieFile = image.rootfs().resolve("tmp/erlang.cookie");
        Files.writeString(cookieFile, cookie);
        Files.setAttribute(cookieFile, "unix:uid", 65534);
        Files.setPosixFilePermissions(cookieFile, PosixFilePermissions.fromString("r--------"));
        Process erl = new ProcessBuilder("/usr/bin/erl", "-name", node, "-setcookie", cookie, "-noshell", "-noinput")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(platformDir, 0, 0, ApicurioHome.locate())) {
            String bootstrap = platform.connection().bootstrapServers();
            String registryUrl = platform.connection().schemaRegistryUrl();
            try (Chroot.Background agent = Chroot.start(
                    image,
                    List.of(
                            "agent",
                            "--bootstrap-servers",
                            bootstrap,
                            "--schema-registry",
                            registryUrl,
                            "--erlang-node",
                            node,
                            "--cookie-file",
                            "/tmp/erlang.cookie",
                            "--family",
                            "image",
                            "--interval",
                            "2s"),
                    Map.of())) {
                assertThat(agent.awaitLine("numbat ready", Duration.ofSeconds(180)))
                        .as("agent: numbat ready on stdout: %s", agent.lines())
                        .isTrue();
                MetricBatch batch = firstBatchOf(node, bootstrap, registryUrl, Duration.ofSeconds(120));
                assertThat(batch)
                        .as("a MetricBatch of %s on %s", node, Topics.METRICS.name())
                        .isNotNull();
                assertThat(batch.getFamily()).isEqualTo("image");
                assertThat(batch.getSamples())
                        .as("the node's process count")
                        .anyMatch(s -> s.getMetric() == MetricId.PROCESS_COUNT.id() && s.getValue() > 0);
                assertThat(agent.stop(Duration.ofSeconds(60)))
                        .as("exit code after SIGTERM (128 + 15)")
                        .isEqualTo(143);
            }
        } finally {
            erl.destroyForcibly().waitFor();
        }
    }

    /** The first batch NODE published to numbat.metrics, read from the start, or null after TIMEOUT. */
    private static MetricBatch firstBatchOf(String node, String bootstrap, String registryUrl, Duration timeout) {
        SchemaRegistryClient registry = new RestSchemaRegistryClient(registryUrl);
        try (KafkaConsumer<String, MetricBatch> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "image-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                Topics.METRICS.keySerde().deserializer(),
                Topics.METRICS.valueSerde(registry).deserializer())) {
            consumer.subscribe(List.of(Topics.METRICS.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, MetricBatch> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (node.equals(r.value().getNode())) {
                        return r.value();
                    }
                }
            }
            return null;
        }
    }

    /** The fleet's node count on the console's /metrics (the sum of numbat_fleet_nodes) once it reaches WANT. */
    private static double awaitFleetNodes(String url, int want, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN)
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        double nodes = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s with the token", url).isEqualTo(200);
            nodes = response.body()
                    .lines()
                    .filter(l -> l.startsWith("numbat_fleet_nodes{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
            if (nodes >= want) {
                return nodes;
            }
            Thread.sleep(1000);
        }
        return nodes;
    }

    private static List<String> withOption(List<String> command, String option, String value) {
        List<String> out = new ArrayList<>(command);
        int i = out.indexOf(option);
        if (i >= 0) {
            out.set(i + 1, value);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double score(String row) {
        return Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
    }
}
