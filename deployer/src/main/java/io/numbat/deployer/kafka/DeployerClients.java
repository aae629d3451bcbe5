package io.numbat.deployer.kafka;

import io.numbat.bridge.RecordRejectedException;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the deployer builds its Kafka clients, and reads the values of the records they consume. */
final class DeployerClients {
    private static final Logger LOG = LoggerFactory.getLogger(DeployerClients.class);
    /** How long a send may wait for metadata (the broker away) before failing, unless configured otherwise. */
    static final int MAX_BLOCK_MS = 5_000;

    private final ClusterConnection cluster;
    private final SchemaRegistryClient registry;
    private final Deserializer<ScalingDecision> decisions;
    private final Deserializer<DeploymentEvent> deploymentEvents;
    private final Deserializer<MetricBatch> metricBatches;

    DeployerClients(ClusterConnection cluster, SchemaRegistryClient registry) {
        this.cluster = cluster;
        this.registry = registry;
        this.decisions = Topics.SCALING_DECISIONS.valueSerde(registry).deserializer();
        this.deploymentEvents = Topics.DEPLOYMENTS.valueSerde(registry).deserializer();
        this.metricBatches = Topics.METRICS.valueSerde(registry).deserializer();
    }

    /** A record of {@code numbat.scaling-decisions}, read as {@link #read} says. */
    ScalingDecision decision(ConsumerRecord<String, byte[]> r) {
        return read(decisions, r);
    }

    /** A record of {@code numbat.deployments}, read as {@link #read} says. */
    DeploymentEvent deploymentEvent(ConsumerRecord<String, byte[]> r) {
        return read(deploymentEvents, r);
    }

    /** A batch of {@code numbat.metrics}, or null if it cannot be read (only its utilisation is wanted). */
    MetricBatch metricBatch(ConsumerRecord<String, byte[]> r) {
        try {
            return metricBatches.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.debug("metrics of {} unreadable: {}", r.key(), e.getMessage());
            return null;
        }
    }

    /** A producer of {@code topic}; a {@code bounded} one waits at most {@link #MAX_BLOCK_MS} for metadata unless configured otherwise. */
    <V extends SpecificRecord> KafkaProducer<String, V> producer(
            String clientId, Topic<String, V> topic, boolean bounded) {
        Map<String, Object> c = cluster.producerConfig(clientId);
        if (bounded) {
            c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        }
        return new KafkaProducer<>(
                c, topic.keySerde().serializer(), topic.valueSerde(registry).serializer());
    }

    /** A consumer of raw records; {@code instance} tells this deployer's client apart from its peers'. */
    KafkaConsumer<String, byte[]> consumer(String group, String instance, String reset) {
        return new KafkaConsumer<>(
                cluster.consumerConfig(group, group + "-" + instance, reset),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * The decisions consumer of {@code group}, from the earliest offset: cooperative rebalancing (unless
     * {@code --kafka-config} picks another assignor or the new group protocol), so a rebalance moves only
     * the partitions that change owner and the other families' launches go on undisturbed.
     */
    KafkaConsumer<String, byte[]> decisionConsumer(String group, String instance) {
        Map<String, Object> c = cluster.consumerConfig(group, group + "-" + instance, "earliest");
        if (!"consumer".equalsIgnoreCase(String.valueOf(c.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            c.putIfAbsent(
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A record's value, read: an unreadable one is rejected (dead-lettered at once), but not while
     * the registry is away, which is worth another attempt.
     */
    private static <T> T read(Deserializer<T> deserializer, ConsumerRecord<String, byte[]> r) {
        try {
            return deserializer.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            if (causedBy(e, SchemaRegistryUnavailableException.class)) {
                throw e;
            }
            throw new RecordRejectedException("unreadable record: " + e.getMessage(), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
