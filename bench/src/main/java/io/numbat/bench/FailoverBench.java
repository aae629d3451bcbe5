package io.numbat.bench;

import io.numbat.platform.cli.DurationConverter;
import io.numbat.platform.failover.FailoverDrill;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A broker killed with SIGKILL under load on a three-broker cluster: lost and duplicated batches, stalls. */
@Command(
        name = "failover",
        mixinStandardHelpOptions = true,
        description =
                "Three local brokers, a fleet and the stream processor; kill -9 the broker leading numbat.metrics-0, "
                        + "restart it; prints lost and duplicated batches and the longest stalls.")
final class FailoverBench implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "500", description = "Simulated nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--interval",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Collection interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--before",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Load before the kill (default ${DEFAULT-VALUE}).")
    Duration before;

    @Option(
            names = "--down",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long the broker stays down (default ${DEFAULT-VALUE}).")
    Duration down;

    @Option(
            names = "--after",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Load after the restart (default ${DEFAULT-VALUE}).")
    Duration after;

    @Override
    public Integer call() throws Exception {
        Path dir = BenchDirectory.create();
        FailoverDrill.Result r =
                FailoverDrill.run(dir, new FailoverDrill.Settings(nodes, interval, before, down, after));
        System.out.printf(
                Locale.ROOT,
                "RESULT failover lost=%d duplicated=%d stall_s=%.1f processor_stall_s=%.1f "
                        + "published=%d killed_broker=%d nodes=%d down_s=%d%n",
                r.lost(),
                r.duplicated(),
                r.publisherStallSeconds(),
                r.processorStallSeconds(),
                r.published(),
                r.killedBroker(),
                nodes,
                down.toSeconds());
        return r.lost() == 0 && r.duplicated() == 0 ? 0 : 1;
    }
}
