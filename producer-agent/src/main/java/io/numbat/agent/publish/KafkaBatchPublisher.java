package io.numbat.agent.publish;

import io.numbat.agent.fleet.BatchSink;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each {@link MetricBatch} to {@code numbat.metrics}, keyed by node id, through an
 * idempotent, compressed producer. Send failures are counted and logged (the local spool that
 * keeps them comes with the agent issue).
 */
public final class KafkaBatchPublisher implements BatchSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBatchPublisher.class);

    private final KafkaProducer<String, MetricBatch> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public KafkaBatchPublisher(ClusterConnection cluster, SchemaRegistryClient registry, String clientId) {
        this.producer = new KafkaProducer<>(cluster.producerConfig(clientId),
                Topics.METRICS.keySerde().serializer(), Topics.METRICS.valueSerde(registry).serializer());
    }

    @Override
    public void publish(MetricBatch batch) {
        producer.send(new ProducerRecord<>(Topics.METRICS.name(), batch.getNode(), batch), (md, e) -> {
            if (e == null) {
                sent.incrementAndGet();
            } else if (failed.incrementAndGet() % 1000 == 1) {
                LOG.warn("publishing metrics of {} failed ({} failures so far): {}", batch.getNode(), failed.get(), e.toString());
            }
        });
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
