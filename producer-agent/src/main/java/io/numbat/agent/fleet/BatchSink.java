package io.numbat.agent.fleet;

import io.numbat.schemas.MetricBatch;

/** Where collected batches go: Kafka in production, a list in tests. Must not block for long. */
@FunctionalInterface
public interface BatchSink {
    void publish(MetricBatch batch);
}
