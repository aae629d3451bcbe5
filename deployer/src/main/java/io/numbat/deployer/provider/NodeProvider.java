package io.numbat.deployer.provider;

import io.vertx.core.Future;

/**
 * Something that can start and stop nodes: local processes, SSH hosts, Kubernetes, the simulator.
 * Non-blocking: both calls return at once and complete when the provider has done its part
 * (the node is launched; whether it runs is known when its first metrics arrive).
 */
public interface NodeProvider {
    /** The provider's name as it appears in {@code DeploymentEvent.provider}. */
    String name();

    Future<Void> start(NodeSpec spec);

    Future<Void> stop(String node);
}
