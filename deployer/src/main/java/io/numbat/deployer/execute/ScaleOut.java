package io.numbat.deployer.execute;

import io.numbat.deployer.broker.Broker;
import io.numbat.deployer.broker.Placement;
import io.numbat.deployer.broker.Plan;
import io.numbat.deployer.launch.LaunchSupervisor;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.schemas.ScalingDecision;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a scale-out's new nodes across providers as the broker plans, publishes each REQUESTED and
 * hands it to the launch supervisor; the nodes the broker cannot place (all of them for an unknown
 * family) are FAILED on no provider with its reason, so nothing asked for goes unreported.
 */
final class ScaleOut {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleOut.class);

    private final Broker broker;
    private final DeploymentTracker tracker;
    private final LaunchSupervisor launcher;
    private final NodeMoves moves;

    ScaleOut(Broker broker, DeploymentTracker tracker, LaunchSupervisor launcher, NodeMoves moves) {
        this.broker = broker;
        this.tracker = tracker;
        this.launcher = launcher;
        this.moves = moves;
    }

    /** Places and launches {@code specs}, the nodes of {@code d} that no event records yet. */
    void place(ScalingDecision d, List<NodeSpec> specs) {
        if (specs.isEmpty()) {
            return;
        }
        Plan plan;
        try {
            plan = broker.plan(d.getFamily(), specs.size(), tracker.load());
        } catch (IllegalArgumentException e) {
            LOG.error("decision {} cannot be carried out: {}", d.getId(), e.getMessage());
            specs.forEach(spec -> moves.publish(
                    tracker.unplaced(spec, moves.now(), "decision " + d.getId() + ": " + e.getMessage())));
            return;
        }
        int next = 0;
        for (Placement placement : plan.placements()) {
            LOG.info(
                    "decision {}: {} x {} on {} ({})",
                    d.getId(),
                    placement.count(),
                    d.getFamily(),
                    placement.provider(),
                    placement.reason());
            for (int i = 0; i < placement.count(); i++) {
                NodeSpec spec = specs.get(next++);
                moves.publish(tracker.requested(spec, placement.provider(), moves.now()));
                launcher.launch(spec, placement.provider());
            }
        }
        if (!plan.complete()) {
            LOG.error(
                    "decision {}: {} of {} nodes not placed: {}",
                    d.getId(),
                    plan.shortfall(),
                    specs.size(),
                    plan.explanation());
            for (NodeSpec spec : specs.subList(next, specs.size())) {
                moves.publish(tracker.unplaced(spec, moves.now(), "not placed: " + plan.explanation()));
            }
        }
    }
}
