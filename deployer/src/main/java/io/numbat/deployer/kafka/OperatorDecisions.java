package io.numbat.deployer.kafka;

import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes scaling decisions to {@code numbat.scaling-decisions} keyed by family without blocking an
 * event loop ({@link AckedPublisher}): a registry or broker that is away fails the future with a
 * {@link io.numbat.deployer.api.DependencyUnavailableException}.
 */
public final class OperatorDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorDecisions.class);

    private final Producer<String, ScalingDecision> producer;
    private final AckedPublisher<ScalingDecision> acked;

    public OperatorDecisions(Vertx vertx, Producer<String, ScalingDecision> producer, long ackTimeoutMs) {
        this.producer = producer;
        this.acked = new AckedPublisher<>(vertx, producer, ackTimeoutMs);
    }

    /** Succeeds once the broker acknowledged {@code d}. */
    public Future<Void> submit(ScalingDecision d) {
        return acked.publish(record(d), "decision " + d.getId())
                .onSuccess(v -> LOG.info(
                        "operator decision {}: {} {} by {}", d.getId(), d.getAction(), d.getFamily(), d.getCount()))
                .onFailure(e -> LOG.error("decision {} could not be published: {}", d.getId(), e.toString()));
    }

    /**
     * Passes on a decision that arrived on another family's partition, on the caller's thread so that
     * the send is under way before the consumer flushes the producer and commits past the decision
     * (the send waits at most the producer's {@code max.block.ms} for metadata; the schema is
     * registered by then, as the decision was read with it).
     */
    public void forward(ScalingDecision d) {
        producer.send(record(d), (md, e) -> {
            if (e != null) {
                LOG.error("decision {} could not be forwarded: {}", d.getId(), e.toString());
            }
        });
    }

    private static ProducerRecord<String, ScalingDecision> record(ScalingDecision d) {
        return new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), d.getFamily(), d);
    }
}
