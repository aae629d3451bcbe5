package io.numbat.agent.publish;

import io.numbat.agent.erlang.NodeEventSink;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes node lifecycle events to {@code numbat.node-events}, keyed by node id (compacted: the
 * last event per node is its state). Events are not spooled: a missed heartbeat is replaced by the
 * next one, and the metrics themselves go through the spooling {@link MetricPublisher}.
 */
public final class NodeEventPublisher implements NodeEventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEventPublisher.class);
    private final KafkaProducer<String, NodeEvent> producer;

    public NodeEventPublisher(ClusterConnection cluster, SchemaRegistryClient registry, String clientId) {
        Map<String, Object> config = cluster.producerConfig("numbat-node-events-" + clientId);
        // never hold up a node's watcher thread for long when Kafka is away: the event is dropped (logged)
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        this.producer = new KafkaProducer<>(
                config,
                new StringSerializer(),
                Topics.NODE_EVENTS.valueSerde(registry).serializer());
    }

    @Override
    public void publish(NodeEvent event) {
        producer.send(
                new ProducerRecord<>(
                        Topics.NODE_EVENTS.name(), null, event.getTimestamp().toEpochMilli(), event.getNode(), event),
                (md, e) -> {
                    if (e != null) {
                        LOG.warn("{} event of {} not published: {}", event.getType(), event.getNode(), e.toString());
                    }
                });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
