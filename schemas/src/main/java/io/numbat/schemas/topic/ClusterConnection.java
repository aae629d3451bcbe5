package io.numbat.schemas.topic;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where a Numbat component finds Kafka and the schema registry, plus any extra client settings
 * (security and tuning) that apply to every client it creates.
 */
public record ClusterConnection(
        String bootstrapServers, String schemaRegistryUrl, Map<String, String> clientOverrides) {

    public ClusterConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        clientOverrides = Map.copyOf(clientOverrides);
    }

    public ClusterConnection(String bootstrapServers, String schemaRegistryUrl) {
        this(bootstrapServers, schemaRegistryUrl, Map.of());
    }

    /** Settings shared by every client: bootstrap servers, then the overrides. */
    public Map<String, Object> commonConfig(String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        c.putAll(clientOverrides);
        return c;
    }

    /** An idempotent, compressed producer that waits for all in-sync replicas. */
    public Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.putAll(commonConfig(clientId));
        return c;
    }

    /** A consumer in {@code groupId} that commits explicitly. */
    public Map<String, Object> consumerConfig(String groupId, String clientId, String autoOffsetReset) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        c.putAll(commonConfig(clientId));
        return c;
    }
}
