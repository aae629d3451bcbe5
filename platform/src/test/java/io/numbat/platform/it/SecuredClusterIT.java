package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.logging.SecretScan;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.platform.security.PlatformSecurity;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code numbat platform --brokers 3 --security sasl_ssl}: three secured broker processes (mutual TLS
 * between brokers and controllers, SASL_SSL for clients); the agent's user writes to the
 * three-times-replicated metrics topic and nowhere else; no password shows in any log (this JVM's, the
 * broker processes' or the registry's).
 */
class SecuredClusterIT {

    @Test
    void theAgentWritesReplicatedMetricsOnASecuredThreeBrokerClusterAndNoPasswordIsLogged() throws Exception {
        Path dir = Files.createTempDirectory("numbat-secured-cluster-");
        Map<String, String> secrets;
        try (SecretScan logs = SecretScan.start()) {
            try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir, 0, 0, ApicurioHome.locate(), 3, true)) {
                secrets = SecretScan.of(platform.security().orElseThrow());
                exercise(platform);
            }
            assertThat(SecretScan.logFiles(dir))
                    .as("the brokers' and the registry's logs")
                    .filteredOn(f -> f.getFileName().toString().equals("broker.log"))
                    .hasSize(3);
            logs.assertNoSecret(secrets, dir);
        }
    }

    private static void exercise(EmbeddedPlatform platform) throws Exception {
        assertThat(platform.connection().bootstrapServers().split(",")).hasSize(3);
        try (Admin admin = Admin.create(platform.connection().commonConfig("secured-cluster-setup"))) {
            new TopicSetup(
                            admin,
                            new RestSchemaRegistryClient(platform.connection().schemaRegistryUrl()),
                            Optional.of((short) 3))
                    .ensure(Topics.all());
            assertThat(admin.describeTopics(List.of(Topics.METRICS.name()))
                            .allTopicNames()
                            .get()
                            .get(Topics.METRICS.name())
                            .partitions())
                    .allSatisfy(p -> assertThat(p.isr()).hasSize(3));
        }
        ClusterConnection agent =
                platform.as(platform.security().orElseThrow().clientConfig(PlatformSecurity.USER_PREFIX + "agent"));
        Map<String, Object> config = agent.producerConfig("secured-cluster-agent");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            assertThat(producer.send(new ProducerRecord<>(Topics.METRICS.name(), "n", new byte[] {1}))
                            .get()
                            .hasOffset())
                    .isTrue();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.ALARMS.name(), "n", new byte[] {1}))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }
}
