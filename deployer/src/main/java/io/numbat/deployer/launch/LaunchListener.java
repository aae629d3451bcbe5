package io.numbat.deployer.launch;

import io.numbat.deployer.provider.NodeSpec;

/** Where the {@link LaunchSupervisor}'s moves of a node go; the deployer publishes each as a DeploymentEvent. */
public interface LaunchListener {
    /** An attempt begins: the provider is asked to start the node (REQUESTED → STARTING). */
    void starting(NodeSpec spec, String provider, String reason);

    /** An attempt failed and another follows after a back-off on {@code provider} (STARTING → REQUESTED). */
    void retrying(NodeSpec spec, String provider, String reason);

    /** The last attempt failed, or no provider is left to try (→ FAILED). */
    void failed(NodeSpec spec, String provider, String reason);
}
