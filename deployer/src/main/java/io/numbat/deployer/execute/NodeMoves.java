package io.numbat.deployer.execute;

import io.numbat.deployer.launch.LaunchListener;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.deployer.state.Utilisation;
import io.numbat.deployer.stop.NodeStopper;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's moves, applied to the tracker and published: those the launch supervisor and the stopper
 * report, and those the executor makes. An event of a family this deployer no longer owns is not
 * published: it is a late outcome (a drained node stopped after a handover), and the family's new
 * owner writes its events. Not thread-safe: runs on the deployer's one thread.
 */
final class NodeMoves implements LaunchListener, NodeStopper.Outcome {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMoves.class);

    private final DeploymentTracker tracker;
    private final Utilisation utilisation;
    private final FamilyOwnership ownership;
    private final DeploymentEvents events;
    private final Clock clock;

    NodeMoves(
            DeploymentTracker tracker,
            Utilisation utilisation,
            FamilyOwnership ownership,
            DeploymentEvents events,
            Clock clock) {
        this.tracker = tracker;
        this.utilisation = utilisation;
        this.ownership = ownership;
        this.events = events;
        this.clock = clock;
    }

    /** The time every event is stamped with. */
    long now() {
        return clock.millis();
    }

    /** Publishes {@code e} if this deployer still acts for its family. */
    void publish(DeploymentEvent e) {
        if (!ownership.owns(e.getFamily())) {
            LOG.warn(
                    "not publishing {} of {}: family {} is now another deployer's",
                    e.getState(),
                    e.getNode(),
                    e.getFamily());
            return;
        }
        events.publish(e);
    }

    @Override
    public void starting(NodeSpec spec, String provider, String reason) {
        LOG.debug(
                "launching {} of family {} for decision {} on {}",
                spec.node(),
                spec.family(),
                spec.decisionId(),
                provider);
        tracker.move(spec.node(), DeploymentState.STARTING, now(), reason).ifPresent(this::publish);
    }

    @Override
    public void retrying(NodeSpec spec, String provider, String reason) {
        tracker.requeue(spec.node(), provider, now(), reason).ifPresent(this::publish);
    }

    @Override
    public void failed(NodeSpec spec, String provider, String reason) {
        LOG.error("{} FAILED: {}", spec.node(), reason);
        tracker.move(spec.node(), DeploymentState.FAILED, now(), reason).ifPresent(this::publish);
    }

    @Override
    public void stopped(String node, String reason) {
        utilisation.forget(node);
        tracker.move(node, DeploymentState.STOPPED, now(), reason).ifPresent(this::publish);
    }

    @Override
    public void failed(String node, String reason) {
        tracker.move(node, DeploymentState.FAILED, now(), reason).ifPresent(this::publish);
    }
}
