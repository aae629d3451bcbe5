package io.numbat.deployer.execute;

import io.numbat.schemas.DeploymentEvent;

/** Where the deployer's moves of a node go: {@code numbat.deployments} in production, a list in tests. */
@FunctionalInterface
public interface DeploymentEvents {
    /** Publishes {@code event} without blocking; a send that fails is the publisher's to log. */
    void publish(DeploymentEvent event);
}
