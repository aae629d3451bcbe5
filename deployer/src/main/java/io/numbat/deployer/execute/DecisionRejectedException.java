package io.numbat.deployer.execute;

/**
 * A decision that can never be carried out (it breaks a {@link io.numbat.deployer.decision.DecisionCheck}
 * rule): the caller dead-letters it with this message instead of trying it again.
 */
public final class DecisionRejectedException extends RuntimeException {
    public DecisionRejectedException(String message) {
        super(message);
    }
}
