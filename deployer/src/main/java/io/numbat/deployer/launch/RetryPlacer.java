package io.numbat.deployer.launch;

import io.numbat.deployer.provider.NodeSpec;
import java.util.Set;

/** Chooses where a node's next attempt runs: the broker's best match, avoiding providers already tried when another fits. */
public interface RetryPlacer {
    /** A provider, and why; or no provider ({@code null}) and why not. */
    record Pick(String provider, String reason) {
        public static Pick none(String reason) {
            return new Pick(null, reason);
        }
    }

    Pick pick(NodeSpec spec, Set<String> tried);
}
