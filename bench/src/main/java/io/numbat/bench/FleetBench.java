package io.numbat.bench;

import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fleet simulator's cost: N nodes × M metrics published through the spooling publisher to a
 * real broker (the embedded one runs in a child process, so this process's CPU and memory are the
 * fleet's alone). Samples/s counts batches Kafka acknowledged.
 */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description =
                "Publish a simulated fleet to Kafka; prints samples/s acknowledged, CPU s per 1M samples, heap and RSS.")
final class FleetBench implements Callable<Integer> {
    @Mixin
    FleetLoad load;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Measured time, after one warm-up interval (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--bootstrap-servers", description = "Use this cluster instead of a child embedded platform.")
    String bootstrapServers;

    @Option(names = "--schema-registry", description = "The registry of --bootstrap-servers.")
    String schemaRegistry;

    @Override
    public Integer call() throws Exception {
        Path dir = BenchDirectory.create();
        NumbatProcess platform = bootstrapServers == null ? NumbatProcess.platform(dir.resolve("platform")) : null;
        ClusterConnection cluster =
                platform != null ? platform.connection() : new ClusterConnection(bootstrapServers, schemaRegistry);
        try (SchemaRegistryClient registry = new RestSchemaRegistryClient(cluster.schemaRegistryUrl())) {
            if (platform == null) {
                try (Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                    new TopicSetup(admin, registry, Optional.empty()).ensure(Topics.all());
                }
            }
            MetricPublisher publisher = load.publisher(cluster, registry, dir);
            System.out.printf(
                    Locale.ROOT,
                    "fleet: %,d nodes x %d metrics every %s against %s%n",
                    load.nodes,
                    load.metrics,
                    load.interval,
                    cluster.bootstrapServers());
            SimulatedFleet fleet = load.startFleet(publisher);
            Thread.sleep(load.interval.toMillis());
            long sent0 = publisher.sent();
            double cpu0 = ProcessStats.cpuSeconds();
            long t0 = System.nanoTime();
            Thread.sleep(duration.toMillis());
            long sent1 = publisher.sent();
            double cpu1 = ProcessStats.cpuSeconds();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rss = ProcessStats.rssMb();
            fleet.close();
            double heap = ProcessStats.heapAfterGcMb();
            publisher.close(Duration.ofSeconds(30));
            double samplesPerS = (sent1 - sent0) * (double) load.metrics / seconds;
            double cpuPerMillion = (cpu1 - cpu0) / ((sent1 - sent0) * (double) load.metrics / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "acknowledged %,d batches in %.1f s; CPU %.1f s (%.0f%% of one core); "
                            + "spool dropped %d; max heap %.0f MB%n",
                    sent1 - sent0,
                    seconds,
                    cpu1 - cpu0,
                    100 * (cpu1 - cpu0) / seconds,
                    publisher.dropped(),
                    ProcessStats.maxHeapMb());
            System.out.printf(
                    Locale.ROOT,
                    "RESULT fleet samples_per_s=%.0f cpu_s_per_million=%.2f heap_mb=%.0f rss_mb=%.0f%n",
                    samplesPerS,
                    cpuPerMillion,
                    heap,
                    rss);
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
        return 0;
    }
}
