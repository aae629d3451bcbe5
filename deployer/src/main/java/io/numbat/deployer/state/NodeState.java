package io.numbat.deployer.state;

import io.numbat.schemas.DeploymentState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed moves of a node's deployment state machine. STARTING → REQUESTED is a retry: the
 * attempt failed or timed out and the node waits for another one (possibly on another provider).
 */
final class NodeState {
    private static final Map<DeploymentState, Set<DeploymentState>> NEXT = Map.of(
            DeploymentState.REQUESTED, EnumSet.of(DeploymentState.STARTING, DeploymentState.FAILED),
            DeploymentState.STARTING,
                    EnumSet.of(DeploymentState.RUNNING, DeploymentState.FAILED, DeploymentState.REQUESTED),
            DeploymentState.RUNNING, EnumSet.of(DeploymentState.STOPPING, DeploymentState.FAILED),
            DeploymentState.STOPPING, EnumSet.of(DeploymentState.STOPPED, DeploymentState.FAILED),
            DeploymentState.STOPPED, EnumSet.noneOf(DeploymentState.class),
            DeploymentState.FAILED, EnumSet.noneOf(DeploymentState.class));

    private NodeState() {}

    static boolean allowed(DeploymentState from, DeploymentState to) {
        return NEXT.get(from).contains(to);
    }
}
