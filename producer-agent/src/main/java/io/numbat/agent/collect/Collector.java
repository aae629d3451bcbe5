package io.numbat.agent.collect;

import io.numbat.schemas.MetricBatch;
import java.util.List;
import java.util.Optional;

/**
 * Something the agent reads metrics from on every tick: a BEAM node over JInterface, the host
 * through OSHI, a JVM through JMX. A collector never throws for a target that is away; it returns
 * empty and says why in its own log and events.
 */
public interface Collector extends AutoCloseable {
    /** The node id its batches carry (the Kafka key of {@code numbat.metrics}). */
    String node();

    /** The family its batches carry. */
    String family();

    /** One tick's batch (samples with metric ids from {@code MetricId}, and limits), or empty. */
    Optional<MetricBatch> collect(long nowMillis);

    /**
     * Every batch of one tick: {@link #collect} plus, for collectors with parts (a host's cores,
     * filesystems and interfaces), one batch per part with node id {@code <node>/<part>}.
     */
    default List<MetricBatch> collectAll(long nowMillis) {
        return collect(nowMillis).map(List::of).orElse(List.of());
    }

    @Override
    default void close() {}
}
