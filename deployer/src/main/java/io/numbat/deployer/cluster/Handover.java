package io.numbat.deployer.cluster;

import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.deployer.state.DeploymentTracker.Unfinished;
import io.numbat.schemas.DeploymentEvent;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Moves families between deployers that share the decisions through a consumer group. A deployer
 * follows {@code numbat.deployments} for the families it does not own; when the group assigns it a
 * partition it resumes that partition's unfinished launches exactly as a restarted deployer does
 * (REQUESTED queued again, STARTING asked again without a second STARTING event), and when a
 * partition is revoked it forgets them and follows that partition's families again. Plain Java, not
 * thread-safe: the verticle owns it.
 */
public final class Handover {
    private final Ownership ownership;
    private final DeploymentTracker tracker;

    public Handover(Ownership ownership, DeploymentTracker tracker) {
        this.ownership = ownership;
        this.tracker = tracker;
    }

    /**
     * An event read from {@code numbat.deployments}: applied to the tracker unless this deployer owns
     * the node's family, whose events it writes itself (the log only echoes them, later). Returns
     * whether it was applied.
     */
    public boolean follow(DeploymentEvent e) {
        if (ownership.owns(e.getFamily())) {
            return false;
        }
        tracker.restore(e);
        return true;
    }

    /**
     * This deployer now owns {@code partitions}: the launches of their families that were under way
     * (REQUESTED or STARTING, oldest first) and are not already being launched here, to resume. Call
     * it once the tracker has followed {@code numbat.deployments} to its end.
     */
    public List<Unfinished> takeOver(Collection<Integer> partitions, Predicate<String> launchingHere) {
        ownership.assign(partitions);
        return tracker.unfinishedLaunches().stream()
                .filter(u -> ownership.isIn(u.spec().family(), partitions)
                        && !launchingHere.test(u.spec().node()))
                .toList();
    }

    /** The nodes of {@code partitions}' families left STOPPING (by a deployer that died, or this one before a restart). */
    public List<String> unfinishedStops(Collection<Integer> partitions) {
        return tracker.unfinishedStops().stream()
                .filter(n -> tracker.family(n)
                        .map(f -> ownership.isIn(f, partitions))
                        .orElse(false))
                .toList();
    }

    /** This deployer no longer owns {@code partitions}: the nodes of their families, whose launches to forget. */
    public List<String> handOver(Collection<Integer> partitions) {
        ownership.revoke(partitions);
        return tracker.nodes().stream()
                .filter(n -> ownership.isIn(n.family(), partitions))
                .map(DeploymentTracker.NodeInfo::node)
                .toList();
    }

    /** Whether this deployer acts for {@code family} now. */
    public boolean owns(String family) {
        return ownership.owns(family);
    }

    public Ownership ownership() {
        return ownership;
    }
}
