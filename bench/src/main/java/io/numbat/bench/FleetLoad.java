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
    /** A spread tick publishes a share of the nodes this often. */
    static final long PHASE_MILLIS = 100;

    @Option(names = "--nodes", defaultValue = "10000", description = "Simulated nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--families", defaultValue = "10", description = "Families (default ${DEFAULT-VALUE}).")
    int families;

    @Option(names = "--metrics", defaultValue = "100", description = "Samples per batch (default ${DEFAULT-VALUE}).")
    int metrics;

    @Option(
            names = "--interval",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Collection interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--top-processes",
            defaultValue = "10",
            description =
                    "Processes each batch lists by reductions, memory and message queue (default ${DEFAULT-VALUE}; "
                            + "0: none, the smaller batches of before the top processes).")
    int topProcesses;

    @Option(
            names = "--spread",
            description = "Spread the nodes' publish times evenly across each tick, as agents started "
                    + "at different times do, instead of every node publishing at the same instant each tick.")
    boolean spread;

    /** The benchmark's agent: a spooling publisher with its spool under {@code dir}. */
    MetricPublisher publisher(ClusterConnection cluster, SchemaRegistryClient registry, Path dir) {
        return new MetricPublisher(
                cluster,
                registry,
                "bench-agent@local",
                SpoolSettings.defaults(dir.resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
    }

    /** The seeded fleet, ticking every {@code --interval} (spread across the tick if {@code --spread}). */
    SimulatedFleet startFleet(MetricPublisher publisher) {
        return startFleet(publisher, interval);
    }

    /** The seeded fleet, ticking every {@code every} instead (spread across the tick if {@code --spread}). */
    SimulatedFleet startFleet(MetricPublisher publisher, Duration every) {
        return new SimulatedFleet(FleetFamilies.of(nodes, families), publisher, every, 1, Clock.systemUTC(), metrics)
                .topProcesses(topProcesses)
                .start(spread ? phases(nodes, every) : 1);
    }

    /** How many instants a spread tick of {@code every} publishes at: one every 100 ms, at most one per node. */
    static int phases(int nodes, Duration every) {
        return (int) Math.max(1, Math.min(nodes, every.toMillis() / PHASE_MILLIS));
    }

    /** Samples per second offered. */
    double offeredPerSecond() {
        return offeredPerSecond(interval);
    }

    /** Samples per second offered when ticking every {@code every}. */
    double offeredPerSecond(Duration every) {
        return nodes * (double) metrics / (every.toMillis() / 1000.0);
    }
}
