package io.numbat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Severity;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The console under a large fleet: the embedded platform and the console each in a child JVM, a
 * simulated fleet of N nodes and a steady alarm storm (raise/clear on random nodes) published from
 * here, then the fleet page in headless Chromium ({@code console-bench.mjs}): time to first paint and
 * to the first fleet render, SSE messages per second received, and the console's heap (its own
 * {@code /metrics}).
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = "The console with a large simulated fleet, measured in headless Chromium; prints first paint, "
                + "SSE messages/s and the console's heap.")
final class ConsoleBench implements Callable<Integer> {
    @Mixin
    FleetLoad load;

    @Option(
            names = "--alarm-rate",
            defaultValue = "50",
            description = "Alarm raises and clears published per second (default ${DEFAULT-VALUE}).")
    int alarmRate;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long the page's SSE messages are counted (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--browser-dir", description = "console/src/test/browser (default: under numbat.home).")
    Path browserDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        Path scripts = browserDir != null
                ? browserDir
                : Path.of(System.getProperty("numbat.home", "."), "console", "src", "test", "browser");
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            System.err.println("numbat: error: /usr/bin/chromium is missing (apt-get install chromium)");
            return 1;
        }
        run(scripts, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        Path dir = BenchDirectory.create();
        try (NumbatProcess platform = NumbatProcess.platform(dir.resolve("platform"))) {
            ClusterConnection cluster = platform.connection();
            try (SchemaRegistryClient registry = new RestSchemaRegistryClient(cluster.schemaRegistryUrl());
                    NumbatProcess console = NumbatProcess.start(
                            dir.resolve("console"),
                            "-Xmx1g",
                            "console",
                            "--bootstrap-servers",
                            cluster.bootstrapServers(),
                            "--schema-registry",
                            cluster.schemaRegistryUrl())) {
                URI url = URI.create(console.printed("console"));
                MetricPublisher publisher = load.publisher(cluster, registry, dir);
                System.out.printf(
                        Locale.ROOT,
                        "console at %s; fleet: %,d nodes x %d metrics every %s; %d alarm changes/s%n",
                        url,
                        load.nodes,
                        load.metrics,
                        load.interval,
                        alarmRate);
                SimulatedFleet fleet = load.startFleet(publisher);
                AlarmStorm storm = new AlarmStorm(cluster, registry, alarmRate, load.nodes);
                try {
                    long seen = awaitNodes(url, Duration.ofMinutes(5));
                    System.out.printf(
                            Locale.ROOT, "the console knows %,d nodes (the simulated ones and the agent)%n", seen);
                    String out = run(
                            scripts,
                            List.of("node", "console-bench.mjs", url.toString(), Long.toString(duration.toSeconds())),
                            duration.toSeconds() + 300);
                    JsonNode page = json.readTree(out.lines()
                            .filter(l -> l.startsWith("{"))
                            .reduce((a, b) -> b)
                            .orElseThrow(
                                    () -> new IllegalStateException("console-bench.mjs printed no result:\n" + out)));
                    double heapMb = heapMb(url);
                    System.out.printf(
                            Locale.ROOT,
                            "page: %s; console RSS %.0f MB, CPU %.0f s%n",
                            page,
                            console.rssMb(),
                            console.cpuSeconds());
                    System.out.printf(
                            Locale.ROOT,
                            "RESULT console nodes=%d first_paint_ms=%d fleet_render_ms=%d sse_msgs_per_s=%.2f heap_mb=%.0f%n",
                            load.nodes,
                            page.get("first_paint_ms").asLong(),
                            page.get("fleet_render_ms").asLong(),
                            page.get("sse_msgs_per_s").asDouble(),
                            heapMb);
                } finally {
                    storm.close();
                    fleet.close();
                    publisher.close(Duration.ofSeconds(10));
                }
            }
        }
        return 0;
    }

    /** Raises and clears alarms on random nodes at a steady rate, on a thread of its own, until closed. */
    private static final class AlarmStorm implements AutoCloseable {
        private final KafkaProducer<String, Alarm> producer;
        private final ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "alarm-storm"));
        private final Random random = new Random(1);
        private final List<String> raised = new ArrayList<>();

        AlarmStorm(ClusterConnection cluster, SchemaRegistryClient registry, int perSecond, int nodes) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            cluster.bootstrapServers(),
                            ProducerConfig.LINGER_MS_CONFIG,
                            20),
                    Topics.ALARMS.keySerde().serializer(),
                    Topics.ALARMS.valueSerde(registry).serializer());
            timer.scheduleAtFixedRate(() -> next(nodes), 0, 1_000_000L / Math.max(1, perSecond), TimeUnit.MICROSECONDS);
        }

        private void next(int nodes) {
            boolean clear = raised.size() > 200 || (!raised.isEmpty() && random.nextBoolean());
            String node =
                    clear ? raised.remove(random.nextInt(raised.size())) : "bench-" + random.nextInt(nodes) + "@sim";
            if (!clear) {
                raised.add(node);
            }
            Alarm a = Alarm.newBuilder()
                    .setId(node + "/memory")
                    .setNode(node)
                    .setFamily("bench")
                    .setType("memory")
                    .setState(clear ? AlarmState.CLEARED : AlarmState.RAISED)
                    .setSeverity(Severity.values()[random.nextInt(Severity.values().length)])
                    .setTimestamp(Instant.now())
                    .setCause("bench alarm storm")
                    .setMetric(MetricId.MEMORY_TOTAL.id())
                    .setValue(1.0)
                    .setLimit(2.0)
                    .build();
            producer.send(new ProducerRecord<>(Topics.ALARMS.name(), a.getId(), a));
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(5));
        }
    }

    private long awaitNodes(URI url, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nodes = 0;
        while (System.nanoTime() < deadline) {
            nodes = json.readTree(get(url.resolve("/health")))
                    .path("checks")
                    .path("nodes")
                    .asLong();
            if (nodes >= load.nodes) {
                return nodes;
            }
            Thread.sleep(2_000);
        }
        throw new IllegalStateException(
                "the console knew only " + nodes + " of " + load.nodes + " nodes after " + timeout);
    }

    /** The console's heap in use, from its own {@code /metrics}. */
    private double heapMb(URI url) throws IOException, InterruptedException {
        double bytes = 0;
        for (String line : get(url.resolve("/metrics")).split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return bytes / 1024 / 1024;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Runs a command in {@code dir} to its end; its output, or an exception with it when the exit code is not 0. */
    private static String run(Path dir, List<String> command, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
