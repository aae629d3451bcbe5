package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.platform.top.LatestBatches;
import io.numbat.platform.top.TopMeasure;
import io.numbat.platform.top.TopTable;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.registry.RegistryAccess;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.numbat.schemas.util.Printable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code numbat top}: a node's top processes, or a family's process types, from the latest batches on
 * {@code numbat.metrics} of a running platform (the agents publish them every tick; nothing talks to the
 * nodes).
 */
@Command(
        name = "top",
        mixinStandardHelpOptions = true,
        description = "Print a node's top processes (--node) or a family's process types (--family) by reductions, "
                + "memory or message queue, from the latest batches on numbat.metrics of a running platform "
                + "(--bootstrap-servers and --schema-registry); --json prints JSON.")
final class TopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    /** Exactly one of the two. */
    static final class Target {
        @Option(names = "--node", paramLabel = "N", required = true, description = "Node id.")
        String node;

        @Option(names = "--family", paramLabel = "F", required = true, description = "Node family.")
        String family;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(
            names = "--by",
            paramLabel = "reductions|memory|queue",
            defaultValue = "reductions",
            description = "Sort by (default ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "Rows at most (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--lookback",
            paramLabel = "DURATION",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description = "How far back to look for the latest batches (default ${DEFAULT-VALUE}).")
    Duration lookback;

    @Override
    public Integer call() {
        TopMeasure measure = TopMeasure.parse(by);
        if (!cluster.external() || cluster.schemaRegistry == null || cluster.schemaRegistry.isBlank()) {
            throw new PlatformException(
                    "numbat top reads a running platform: give --bootstrap-servers and --schema-registry "
                            + "(or NUMBAT_BOOTSTRAP_SERVERS and NUMBAT_SCHEMA_REGISTRY)");
        }
        if (limit < 1) {
            throw new PlatformException("--limit must be >= 1, was " + limit);
        }
        ClusterConnection connection =
                new ClusterConnection(cluster.bootstrapServers, cluster.schemaRegistry, cluster.clientOverrides());
        try (SchemaRegistryClient registry = new RestSchemaRegistryClient(
                connection.schemaRegistryUrl(),
                RestSchemaRegistryClient.DEFAULT_TIMEOUT,
                RegistryAccess.fromClientSettings(connection.clientOverrides()))) {
            var values = Topics.METRICS.valueSerde(registry).deserializer();
            Duration timeout = Duration.ofSeconds(30);
            var out = spec.commandLine().getOut();
            if (target.node != null) {
                Map<String, MetricBatch> latest =
                        LatestBatches.read(connection, values, target.node, b -> true, lookback, timeout);
                MetricBatch b = latest.get(target.node);
                if (b == null) {
                    throw new PlatformException("no batch from node " + Printable.escape(target.node)
                            + " on numbat.metrics in the last " + lookback.toSeconds() + " s");
                }
                out.print(json ? TopTable.nodeJson(b, measure, limit) + "\n" : TopTable.node(b, measure, limit));
            } else {
                Map<String, MetricBatch> latest = LatestBatches.read(
                        connection, values, null, b -> target.family.equals(b.getFamily()), lookback, timeout);
                if (latest.isEmpty()) {
                    throw new PlatformException("no batch from family " + Printable.escape(target.family)
                            + " on numbat.metrics in the last " + lookback.toSeconds() + " s");
                }
                var batches = new ArrayList<>(latest.values());
                out.print(
                        json
                                ? TopTable.familyJson(target.family, batches, measure, limit) + "\n"
                                : TopTable.family(target.family, batches, measure, limit));
            }
            out.flush();
        }
        return 0;
    }
}
