package io.numbat.deployer.execute;

import io.numbat.schemas.ScalingDecision;

/**
 * Passes on a decision that reached a deployer which does not act for its family (it was keyed by
 * something else than the family), so that the family's owner carries it out.
 */
@FunctionalInterface
public interface Forwarder {
    void forward(ScalingDecision decision);
}
