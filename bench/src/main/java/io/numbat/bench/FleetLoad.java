package io.numbat.bench;

import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.platform.cli.FleetFamilies;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The simulated load a benchmark offers: its options, and the fleet and publisher that produce it. */
final class FleetLoad {
    @Option(names = "--nodes", defaultValue = "10000", description = "Simulated nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--families", defaultValue = "10", description = "Families (default ${DEFAULT-VALUE}).")
    int families;

    @Option(names = "--metrics", defaultValue = "100", description = "Samples per batch (default ${DEFAULT-VALUE}).")
    int metrics;

    @Option(names = "--interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "Collection interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    /** The benchmark's agent: a spooling publisher with its spool under {@code dir}. */
    MetricPublisher publisher(ClusterConnection cluster, SchemaRegistryClient registry, Path dir) {
        return new MetricPublisher(cluster, registry, "bench-agent@local", SpoolSettings.defaults(dir.resolve("spool")),
                Duration.ofSeconds(10), Clock.systemUTC());
    }

    /** The seeded fleet, not yet started. */
    SimulatedFleet fleet(MetricPublisher publisher) {
        return new SimulatedFleet(FleetFamilies.of(nodes, families), publisher, interval, 1, Clock.systemUTC(), metrics);
    }

    /** Samples per second offered. */
    double offeredPerSecond() {
        return nodes * (double) metrics / (interval.toMillis() / 1000.0);
    }
}
