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
import java.io.IOException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description =
                "Deploy N simulated (or real local erl) nodes through 'numbat deployer' and its REST API; prints seconds until all are "
                        + "RUNNING (p50, p99 per node) and the deployer's heap and RSS.")
final class DeployBench implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "10000", description = "Nodes to deploy (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--provider",
            defaultValue = "simulated",
            description =
                    "Provider type: simulated (default), or local (real erl nodes on this machine, each watched by "
                            + "an Erlang agent in the deployer; they are stopped again at the end).")
    String provider;

    @Option(
            names = "--max-concurrent-starts",
            defaultValue = "1000",
            description = "The provider's maxConcurrentStarts (default ${DEFAULT-VALUE}).")
    int maxConcurrentStarts;

    @Option(
            names = "--interval",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description =
                    "The fleet's collection interval: a new node's first metrics come within one (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Give up after (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (!provider.equals("simulated") && !provider.equals("local")) {
            throw new PlatformException("--provider must be simulated or local, was " + provider);
        }
        Path dir = BenchDirectory.create();
        if (provider.equals("local")) {
            return local(dir);
        }
        try (NumbatProcess platform = NumbatProcess.platform(dir.resolve("platform"));
                SchemaRegistryClient registry =
                        new RestSchemaRegistryClient(platform.connection().schemaRegistryUrl())) {
            ClusterConnection cluster = platform.connection();
            MetricPublisher publisher = new MetricPublisher(
                    cluster,
                    registry,
                    "bench-agent@deploy",
                    SpoolSettings.defaults(dir.resolve("spool")),
                    Duration.ofSeconds(10),
                    Clock.systemUTC());
            SimulatedFleet fleet = new SimulatedFleet(
                            List.of(new FamilySpec("web", 0, nodes * 0.5)), publisher, interval, 1, Clock.systemUTC())
                    .start();
            try (FleetControlServer control = new FleetControlServer(fleet, 0)) {
                Path config = Files.writeString(
                        dir.resolve("deployer.json"), """
                        {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                        "maxNodes": %d, "costPerNodeHour": 0, "maxConcurrentStarts": %d,
                                        "settings": {"fleetUrl": "%s"}}],
                         "families": {"web": {"run": {"command": ["sim"]}, "maxNodes": %d}}}
                        """.formatted(nodes, maxConcurrentStarts, control.url(), nodes));
                try (NumbatProcess deployer = NumbatProcess.start(
                        dir.resolve("logs"),
                        "-Xmx1g",
                        "deployer",
                        "--config",
                        config.toString(),
                        "--bootstrap-servers",
                        cluster.bootstrapServers(),
                        "--schema-registry",
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

    /** Real erl nodes through the local provider; the deployer watches each with an Erlang agent. */
    private int local(Path dir) throws Exception {
        Path cookie = Files.writeString(dir.resolve("bench.cookie"), "numbat-bench-" + System.nanoTime());
        Path config = Files.writeString(dir.resolve("deployer.json"), """
                {"providers": [{"name": "this-host", "type": "local", "offers": {"cores": 1, "memoryMb": 1024},
                                "maxNodes": %d, "costPerNodeHour": 0, "maxConcurrentStarts": %d,
                                "settings": {"workDir": "%s", "stopTimeout": "20s"}}],
                 "families": {"beam": {"run": {"erl": []}, "maxNodes": %d, "cookieFile": "%s"}}}
                """.formatted(
                        nodes, maxConcurrentStarts, dir.resolve("nodes"), nodes, cookie));
        Files.createDirectories(dir.resolve("nodes"));
        try (NumbatProcess platform = NumbatProcess.platform(dir.resolve("platform"));
                SchemaRegistryClient registry =
                        new RestSchemaRegistryClient(platform.connection().schemaRegistryUrl())) {
            ClusterConnection cluster = platform.connection();
            try (NumbatProcess deployer = NumbatProcess.start(
                    dir.resolve("logs"),
                    "-Xmx1g",
                    "deployer",
                    "--config",
                    config.toString(),
                    "--bootstrap-servers",
                    cluster.bootstrapServers(),
                    "--schema-registry",
                    cluster.schemaRegistryUrl())) {
                run(cluster, registry, deployer, null, "beam");
            }
        }
        return 0;
    }

    private void run(
            ClusterConnection cluster, SchemaRegistryClient registry, NumbatProcess deployer, SimulatedFleet fleet)
            throws Exception {
        run(cluster, registry, deployer, fleet, "web");
    }

    private void run(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            NumbatProcess deployer,
            SimulatedFleet fleet,
            String family)
            throws Exception {
        try (KafkaConsumer<String, DeploymentEvent> events = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                Topics.DEPLOYMENTS.keySerde().deserializer(),
                Topics.DEPLOYMENTS.valueSerde(registry).deserializer())) {
            List<TopicPartition> parts = events.partitionsFor(Topics.DEPLOYMENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            events.assign(parts);
            events.seekToEnd(parts);
            parts.forEach(events::position);
            String api = deployer.printed("deployer");
            long t0 = System.currentTimeMillis();
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(api + "/families/" + family + "/deploy"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + nodes + "}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new PlatformException("deploy request answered " + r.statusCode() + ": " + r.body());
            }
            System.out.printf(
                    Locale.ROOT,
                    "deploy: %,d %s nodes, maxConcurrentStarts %d; %s%n",
                    nodes,
                    provider,
                    maxConcurrentStarts,
                    r.body());
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
                    System.out.printf(
                            Locale.ROOT,
                            "  %.0f s: %,d running, %d failed%n",
                            (System.currentTimeMillis() - t0) / 1000.0,
                            runningAt.size(),
                            failed);
                }
            }
            List<Double> seconds = new ArrayList<>(
                    runningAt.values().stream().map(at -> (at - t0) / 1000.0).toList());
            seconds.sort(Double::compare);
            double all = seconds.isEmpty() ? -1 : seconds.get(seconds.size() - 1);
            double rss = deployer.rssMb();
            double heap = deployer.heapUsedMb();
            System.out.printf(
                    Locale.ROOT,
                    "%,d of %,d RUNNING (%d failed)%s%n",
                    runningAt.size(),
                    nodes,
                    failed,
                    fleet == null ? "" : String.format(Locale.ROOT, ", fleet holds %,d nodes", fleet.size()));
            if (fleet == null) {
                double erlMb = erlRssMb();
                System.out.printf(
                        Locale.ROOT,
                        "the %d erl nodes' resident memory: %.0f MB (%.1f MB per node)%n",
                        runningAt.size(),
                        erlMb,
                        erlMb / Math.max(1, runningAt.size()));
            }
            double stoppedS = fleet == null ? stopAll(events, api, family, runningAt.size()) : -1;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT deploy nodes=%d provider=%s running=%d seconds=%.1f all_running_s=%.1f p50_s=%.1f "
                            + "p99_s=%.1f max_concurrent_starts=%d heap_mb=%.0f rss_mb=%.0f%s%n",
                    nodes,
                    provider,
                    runningAt.size(),
                    runningAt.size() == nodes ? all : -1,
                    runningAt.size() == nodes ? all : -1,
                    Percentile.of(seconds, 0.50),
                    Percentile.of(seconds, 0.99),
                    maxConcurrentStarts,
                    heap,
                    rss,
                    fleet == null ? String.format(Locale.ROOT, " all_stopped_s=%.1f", stoppedS) : "");
        }
    }

    /** Scales the family to 0 and waits until {@code running} nodes are STOPPED; seconds, or -1 on time-out. */
    private double stopAll(KafkaConsumer<String, DeploymentEvent> events, String api, String family, int running)
            throws Exception {
        long t0 = System.currentTimeMillis();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api + "/families/" + family + "/scale"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"nodes\": 0}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            System.out.println("scale to 0 answered " + r.statusCode() + ": " + r.body());
            return -1;
        }
        Set<String> stopped = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = t0;
        while (stopped.size() < running && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, DeploymentEvent> e : events.poll(Duration.ofMillis(200))) {
                if (e.value() != null && e.value().getState() == DeploymentState.STOPPED && stopped.add(e.key())) {
                    last = e.value().getTimestamp().toEpochMilli();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d of %d nodes STOPPED%n", stopped.size(), running);
        return stopped.size() == running ? (last - t0) / 1000.0 : -1;
    }

    /** Resident memory of every Erlang emulator this benchmark's deployer started (they carry NUMBAT_NODE). */
    private static double erlRssMb() {
        double sum = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            try {
                String env = Files.readString(Path.of("/proc/" + p.pid() + "/environ"));
                if (!env.contains("NUMBAT_FAMILY=beam")) {
                    continue;
                }
                sum += Math.max(0, ProcessStats.rssMb(p.pid()));
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to read
            }
        }
        return sum;
    }
}
