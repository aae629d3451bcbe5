package io.numbat.schemas.topic;

import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.serde.AvroSerde;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Numbat topic: its name, key serde, Avro value type, partition count and cleanup policy.
 * Every module reaches a topic through {@link Topics}, so no topic name or serde is chosen twice.
 */
public final class Topic<K, V extends SpecificRecord> {
    private final String name;
    private final Serde<K> keySerde;
    private final Class<V> valueType;
    private final int partitions;
    private final CleanupPolicy cleanupPolicy;

    Topic(String name, Serde<K> keySerde, Class<V> valueType, int partitions, CleanupPolicy cleanupPolicy) {
        this.name = Objects.requireNonNull(name);
        this.keySerde = Objects.requireNonNull(keySerde);
        this.valueType = Objects.requireNonNull(valueType);
        this.partitions = partitions;
        this.cleanupPolicy = Objects.requireNonNull(cleanupPolicy);
    }

    public String name() {
        return name;
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Class<V> valueType() {
        return valueType;
    }

    /** A value serde writing the Confluent wire format, registering under {@link #valueSubject()}. */
    public Serde<V> valueSerde(SchemaRegistryClient registry) {
        return new AvroSerde<>(registry, valueType);
    }

    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }

    /** The registry subject of the value schema ({@code TopicNameStrategy}). */
    public String valueSubject() {
        return name + "-value";
    }

    public int partitions() {
        return partitions;
    }

    public CleanupPolicy cleanupPolicy() {
        return cleanupPolicy;
    }

    /** The topic as the admin client creates it; an empty replication factor takes the broker's default. */
    public NewTopic newTopic(Optional<Short> replicationFactor) {
        return new NewTopic(name, Optional.of(partitions), replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue()));
    }

    @Override
    public String toString() {
        return name;
    }
}
