package io.numbat.deployer.execute;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.ScaleInPolicy;
import io.numbat.deployer.launch.LaunchSupervisor;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.deployer.state.Utilisation;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricBatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics-to-RUNNING path: a STARTING node's first batch on {@code numbat.metrics} makes it
 * RUNNING and frees its start slot; for a family that scales in least-loaded first, each RUNNING
 * node's latest utilisation is remembered. Only the nodes of families this deployer acts for count.
 */
final class MetricsWatch {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWatch.class);

    private final DeployerConfig config;
    private final DeploymentTracker tracker;
    private final Utilisation utilisation;
    private final LaunchSupervisor launcher;
    private final FamilyOwnership ownership;
    private final NodeMoves moves;

    MetricsWatch(
            DeployerConfig config,
            DeploymentTracker tracker,
            Utilisation utilisation,
            LaunchSupervisor launcher,
            FamilyOwnership ownership,
            NodeMoves moves) {
        this.config = config;
        this.tracker = tracker;
        this.utilisation = utilisation;
        this.launcher = launcher;
        this.ownership = ownership;
        this.moves = moves;
    }

    /**
     * A batch keyed {@code key} arrived; {@code batch} reads it (null if unreadable), and is called
     * only when its utilisation matters.
     */
    void arrived(String key, Supplier<MetricBatch> batch) {
        // an Erlang node's agent reports it by its Erlang name: web-7@host is Numbat node web-7
        int at = key.indexOf('@');
        String node = at > 0 && tracker.family(key).isEmpty() ? key.substring(0, at) : key;
        if (!tracker.family(node).map(ownership::owns).orElse(false)) {
            return; // another deployer's node, or unknown
        }
        tracker.metricsSeen(node, moves.now()).ifPresent(e -> {
            LOG.debug("{} is RUNNING", e.getNode());
            launcher.running(e.getNode());
            moves.publish(e);
        });
        if (watchesLoadOf(node)) {
            MetricBatch b = batch.get();
            if (b != null) {
                utilisation.record(b);
            }
        }
    }

    /** Whether the node's family scales in least-loaded first, so its utilisation matters. */
    private boolean watchesLoadOf(String node) {
        return tracker.state(node).filter(s -> s == DeploymentState.RUNNING).isPresent()
                && tracker.family(node)
                        .map(f -> config.scaleIn(f) == ScaleInPolicy.LEAST_LOADED)
                        .orElse(false);
    }
}
