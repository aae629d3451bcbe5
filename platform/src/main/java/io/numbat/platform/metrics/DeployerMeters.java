package io.numbat.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.numbat.deployer.DeployerVerticle;
import io.numbat.deployer.api.DeployerState;
import io.numbat.deployer.kafka.DeployerCounters;
import io.numbat.schemas.DeploymentState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The deployer's series: {@code numbat_deployer_decisions_total{outcome}}, {@code
 * numbat_deployer_node_events_total{state}} (the {@code DeploymentEvent}s it published: a launch is
 * {@code state="starting"}, a failure {@code state="failed"}), {@code numbat_deployer_records_dead_lettered_total},
 * {@code numbat_deployer_nodes{family,state}} (every node it knows, also those of families its peers own), and its
 * producers' and consumers' Kafka client metrics (its consumers' lag included).
 */
public final class DeployerMeters {
    private DeployerMeters() {}

    /** Adds the counters; call before the verticle starts (they read its counters, which exist from construction). */
    public static void bindCounters(ComponentMetrics metrics, DeployerVerticle deployer) {
        MeterRegistry r = metrics.registry();
        DeployerCounters c = deployer.counters();
        FunctionCounter.builder("numbat.deployer.decisions", c, DeployerCounters::decisionsExecuted)
                .description("Scaling decisions the deployer carried out, or refused (dead-lettered with the reason)")
                .tag("outcome", "executed")
                .register(r);
        FunctionCounter.builder("numbat.deployer.decisions", c, DeployerCounters::decisionsRejected)
                .description("Scaling decisions the deployer carried out, or refused (dead-lettered with the reason)")
                .tag("outcome", "rejected")
                .register(r);
        for (DeploymentState s : DeploymentState.values()) {
            FunctionCounter.builder("numbat.deployer.node.events", c, x -> x.events(s))
                    .description("Node state changes the deployer published to numbat.deployments (a launch is "
                            + "starting, a failure failed)")
                    .tag("state", s.name().toLowerCase(Locale.ROOT))
                    .register(r);
        }
        FunctionCounter.builder("numbat.deployer.records.dead.lettered", c, DeployerCounters::deadLetteredRecords)
                .description("Records the deployer sent to numbat.dead-letters")
                .register(r);
        MultiGauge nodes = MultiGauge.builder("numbat.deployer.nodes")
                .description("Nodes the deployer knows (numbat.deployments), by family and state")
                .register(r);
        TreeSet<String> seen = new TreeSet<>();
        metrics.beforeScrape(() -> {
            Map<String, Integer> counts = new HashMap<>();
            for (DeployerState.NodeView n : deployer.nodes()) {
                counts.merge(n.family() + '\0' + n.state().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            seen.addAll(counts.keySet());
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (String key : seen) {
                String[] fs = key.split("\0", 2);
                rows.add(MultiGauge.Row.of(Tags.of("family", fs[0], "state", fs[1]), counts.getOrDefault(key, 0)));
            }
            nodes.register(rows, true);
        });
    }

    /** Adds the Kafka client metrics; call once the verticle started (its clients exist then). */
    public static void bindKafka(ComponentMetrics metrics, DeployerVerticle deployer) {
        deployer.producers().forEach(metrics::kafka);
        deployer.consumers().forEach(metrics::kafka);
    }
}
