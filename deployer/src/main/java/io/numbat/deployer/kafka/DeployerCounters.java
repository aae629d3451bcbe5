package io.numbat.deployer.kafka;

import io.numbat.schemas.DeploymentState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the deployer's Kafka side has done since start, for its {@code /metrics}: decisions carried out and refused,
 * {@code DeploymentEvent}s published by state (a launch is a {@code STARTING}, a failure a {@code FAILED}), records
 * dead-lettered. Any thread.
 */
public final class DeployerCounters {
    private final LongAdder executed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final Map<DeploymentState, LongAdder> events = new EnumMap<>(DeploymentState.class);

    public DeployerCounters() {
        for (DeploymentState s : DeploymentState.values()) {
            events.put(s, new LongAdder());
        }
    }

    void executed() {
        executed.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void published(DeploymentState state) {
        events.get(state).increment();
    }

    /** Decisions handed to the core that it carried out (placed, queued or found already done). */
    public long decisionsExecuted() {
        return executed.sum();
    }

    /** Decisions the core refused (dead-lettered with the reason). */
    public long decisionsRejected() {
        return rejected.sum();
    }

    /** Records of any topic the deployer sent to {@code numbat.dead-letters}. */
    public long deadLetteredRecords() {
        return deadLettered.sum();
    }

    /** {@code DeploymentEvent}s in {@code state} this deployer published. */
    public long events(DeploymentState state) {
        return events.get(state).sum();
    }
}
