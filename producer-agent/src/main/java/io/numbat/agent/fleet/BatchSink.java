package io.numbat.agent.fleet;

import io.numbat.schemas.MetricBatch;

/** Where collected batches go: Kafka in production, a list in tests. Must not block for long. */
@FunctionalInterface
public interface BatchSink {
    void publish(MetricBatch batch);

    /** Hears that collecting {@code node}'s batch took {@code nanos} (the agent's collectors say so; others need not). */
    default void collected(String node, long nanos) {}
}
