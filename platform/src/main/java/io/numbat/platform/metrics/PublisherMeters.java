package io.numbat.platform.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numbat.agent.collect.CollectionTimes;
import io.numbat.agent.publish.MetricPublisher;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The series of a component that publishes metrics through a {@link MetricPublisher} (the agent, the simulated
 * fleet): {@code numbat_publisher_*} (batches sent, dropped, failed, samples, the spool's bytes and batches) and,
 * for the agent, {@code numbat_agent_collection_seconds{node}} (how long each node's collection took), plus the
 * producer's Kafka client metrics.
 */
public final class PublisherMeters {
    private PublisherMeters() {}

    /** Adds the publisher's series and its producer's client metrics. */
    public static void bind(ComponentMetrics metrics, MetricPublisher publisher) {
        MeterRegistry r = metrics.registry();
        FunctionCounter.builder("numbat.publisher.batches.sent", publisher, MetricPublisher::sent)
                .description("Metric batches Kafka acknowledged")
                .register(r);
        FunctionCounter.builder("numbat.publisher.batches.dropped", publisher, MetricPublisher::dropped)
                .description("Metric batches dropped and counted: the spool over its bounds, a full disk, unreadable")
                .register(r);
        FunctionCounter.builder("numbat.publisher.batches.failed", publisher, MetricPublisher::errors)
                .description("Metric batches that could not be serialised, or that Kafka refused for good")
                .register(r);
        FunctionCounter.builder("numbat.publisher.samples", publisher, MetricPublisher::samples)
                .description("Samples spooled for publishing")
                .register(r);
        Gauge.builder("numbat.publisher.spool", publisher, MetricPublisher::spoolBytes)
                .baseUnit("bytes")
                .description("Bytes of the disk spool")
                .register(r);
        Gauge.builder("numbat.publisher.spool.batches", publisher, MetricPublisher::pending)
                .description("Batches waiting in the spool for Kafka")
                .register(r);
        metrics.kafka(publisher.producer());
    }

    /** Adds {@code numbat_agent_collection_seconds{node}}; a node's series appears at its first collection. */
    public static void bindCollectionTimes(ComponentMetrics metrics, CollectionTimes times) {
        MeterRegistry r = metrics.registry();
        FunctionCounter.builder("numbat.agent.collections.untracked", times, CollectionTimes::untracked)
                .description("Collections whose time is not kept, past " + CollectionTimes.MAX_NODES + " nodes")
                .register(r);
        Set<String> registered = new HashSet<>();
        metrics.beforeScrape(() -> times.byNode().forEach((node, t) -> {
            if (registered.add(node)) {
                FunctionTimer.builder(
                                "numbat.agent.collection",
                                t,
                                CollectionTimes.Timing::count,
                                CollectionTimes.Timing::totalSeconds,
                                TimeUnit.SECONDS)
                        .description("Time the agent took to collect a node's batch (RPCs to a BEAM node, OSHI, JMX)")
                        .tag("node", node)
                        .register(r);
            }
        }));
    }
}
