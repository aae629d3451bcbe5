package io.numbat.bench;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.FleetControlServer;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.PlatformException;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seconds from an operator's deploy request until every node is RUNNING (its first metrics seen by
 * the deployer), read from {@code numbat.deployments}. The platform and {@code numbat deployer} each
 * run in a child JVM; the simulated fleet (and its control endpoint, which the deployer's simulated
 * provider calls through {@code fleetUrl}) runs in this one.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy N simulated nodes through 'numbat deployer' and its REST API; prints seconds until all are "
                + "RUNNING (p50, p99 per node) and the deployer's heap and RSS.")
final class DeployBench implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "10000", description = "Nodes to deploy (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--provider", defaultValue = "simulated", description = "Provider type: simulated (default).")
    String provider;

    @Option(names = "--max-concurrent-starts", defaultValue = "1000",
            description = "The provider's maxConcurrentStarts (default ${DEFAULT-VALUE}).")
    int maxConcurrentStarts;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "The fleet's collection interval: a new node's first metrics come within one (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "Give up after (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (!provider.equals("simulated")) {
            throw new PlatformException("--provider " + provider + ": this benchmark drives the simulated provider only");
        }
        Path dir = Files.createTempDirectory("numbat-bench-deploy-");
        try (NumbatProcess platform = NumbatProcess.platform(dir.resolve("platform"));
             SchemaRegistryClient registry = new RestSchemaRegistryClient(platform.connection().schemaRegistryUrl())) {
            ClusterConnection cluster = platform.connection();
            MetricPublisher publisher = new MetricPublisher(cluster, registry, "bench-agent@deploy",
                    SpoolSettings.defaults(dir.resolve("spool")), Duration.ofSeconds(10), Clock.systemUTC());
            SimulatedFleet fleet = new SimulatedFleet(List.of(new FamilySpec("web", 0, nodes * 0.5)), publisher, interval, 1,
                    Clock.systemUTC()).start();
            try (FleetControlServer control = new FleetControlServer(fleet, 0)) {
                Path config = Files.writeString(dir.resolve("deployer.json"), """
                        {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                        "maxNodes": %d, "costPerNodeHour": 0, "maxConcurrentStarts": %d,
                                        "settings": {"fleetUrl": "%s"}}],
                         "families": {"web": {"run": {"command": ["sim"]}, "maxNodes": %d}}}
                        """.formatted(nodes, maxConcurrentStarts, control.url(), nodes));
                try (NumbatProcess deployer = NumbatProcess.start(dir.resolve("logs"), "-Xmx1g", "deployer", "--config",
                        config.toString(), "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry",
                        cluster.schemaRegistryUrl())) {
                    run(cluster, registry, deployer, fleet);
                }
            } finally {
                fleet.close();
                publisher.close(Duration.ofSeconds(30));
            }
        }
        return 0;
    }

    private void run(ClusterConnection cluster, SchemaRegistryClient registry, NumbatProcess deployer, SimulatedFleet fleet)
            throws Exception {
        try (KafkaConsumer<String, DeploymentEvent> events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                Topics.DEPLOYMENTS.keySerde().deserializer(), Topics.DEPLOYMENTS.valueSerde(registry).deserializer())) {
            List<TopicPartition> parts = events.partitionsFor(Topics.DEPLOYMENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            events.assign(parts);
            events.seekToEnd(parts);
            parts.forEach(events::position);
            String api = deployer.printed("deployer");
            long t0 = System.currentTimeMillis();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/families/web/deploy"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + nodes + "}")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new PlatformException("deploy request answered " + r.statusCode() + ": " + r.body());
            }
            System.out.printf(Locale.ROOT, "deploy: %,d simulated nodes, maxConcurrentStarts %d, fleet interval %s; %s%n",
                    nodes, maxConcurrentStarts, interval, r.body());
            Map<String, Long> runningAt = new HashMap<>();
            int failed = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastReport = System.nanoTime();
            while (runningAt.size() + failed < nodes && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, DeploymentEvent> e : events.poll(Duration.ofMillis(200))) {
                    if (e.value() == null) {
                        continue;
                    }
                    if (e.value().getState() == DeploymentState.RUNNING) {
                        runningAt.putIfAbsent(e.key(), e.value().getTimestamp().toEpochMilli());
                    } else if (e.value().getState() == DeploymentState.FAILED) {
                        failed++;
                    }
                }
                if (System.nanoTime() - lastReport > 5e9) {
                    lastReport = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %.0f s: %,d running, %d failed%n", (System.currentTimeMillis() - t0) / 1000.0,
                            runningAt.size(), failed);
                }
            }
            List<Double> seconds = new ArrayList<>(runningAt.values().stream().map(at -> (at - t0) / 1000.0).toList());
            seconds.sort(Double::compare);
            double all = seconds.isEmpty() ? -1 : seconds.get(seconds.size() - 1);
            double rss = deployer.rssMb();
            double heap = deployer.heapUsedMb();
            System.out.printf(Locale.ROOT, "%,d of %,d RUNNING (%d failed), fleet holds %,d nodes%n", runningAt.size(), nodes,
                    failed, fleet.size());
            System.out.printf(Locale.ROOT, "RESULT deploy nodes=%d provider=%s running=%d all_running_s=%.1f p50_s=%.1f "
                            + "p99_s=%.1f max_concurrent_starts=%d heap_mb=%.0f rss_mb=%.0f%n", nodes, provider, runningAt.size(),
                    runningAt.size() == nodes ? all : -1, percentile(seconds, 0.50), percentile(seconds, 0.99),
                    maxConcurrentStarts, heap, rss);
        }
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
