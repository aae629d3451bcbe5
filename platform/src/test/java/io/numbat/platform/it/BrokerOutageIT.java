package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.kafka.EmbeddedKafka;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.platform.registry.EmbeddedRegistry;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The agent's promise: with the real broker stopped for 60 s while a fleet publishes, every batch
 * of that minute reaches {@code numbat.metrics} after the broker returns, per node in sequence
 * order, none twice.
 */
class BrokerOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("numbat.it.outage-seconds", 60));

    @Test
    void everyBatchFromTheOutageArrivesInOrderAndOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("numbat-outage-");
        try (EmbeddedRegistry registryServer =
                new EmbeddedRegistry(ApicurioHome.locate(), dataDir.resolve("registry"), 0).start()) {
            EmbeddedKafka kafka = new EmbeddedKafka(dataDir.resolve("kafka"), 0).start();
            int port = Integer.parseInt(kafka.bootstrapServers().split(":")[1]);
            ClusterConnection cluster = new ClusterConnection(kafka.bootstrapServers(), registryServer.ccompatUrl());
            SchemaRegistryClient registry = new RestSchemaRegistryClient(cluster.schemaRegistryUrl());
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                new TopicSetup(admin, registry, Optional.of((short) 1)).ensure(Topics.all());
            }
            MetricPublisher publisher = new MetricPublisher(
                    cluster,
                    registry,
                    "outage-agent@test",
                    SpoolSettings.defaults(dataDir.resolve("spool")),
                    Duration.ofSeconds(5),
                    Clock.systemUTC());
            SimulatedFleet fleet = new SimulatedFleet(
                            List.of(new FamilySpec("web", 20, 10)),
                            publisher,
                            Duration.ofMillis(500),
                            11,
                            Clock.systemUTC())
                    .start();
            try {
                Thread.sleep(5_000);
                kafka.close();
                long publishedBeforeOutage = fleet.batchesPublished();
                Thread.sleep(OUTAGE.toMillis());
                assertThat(fleet.batchesPublished() - publishedBeforeOutage)
                        .as("the fleet kept publishing")
                        .isGreaterThan(OUTAGE.toSeconds() * 30);
                assertThat(publisher.pending()).as("batches wait in the spool").isPositive();
                kafka = new EmbeddedKafka(dataDir.resolve("kafka"), port).start();
                Thread.sleep(5_000);
            } finally {
                fleet.close();
                publisher.close(Duration.ofSeconds(60));
            }
            assertThat(publisher.pending()).isZero();
            assertThat(publisher.dropped()).isZero();
            long published = fleet.batchesPublished();

            List<ConsumerRecord<String, MetricBatch>> records;
            try (TopicReader<String, MetricBatch> reader = new TopicReader<>(
                    cluster.bootstrapServers(),
                    Topics.METRICS.name(),
                    Topics.METRICS.keySerde().deserializer(),
                    Topics.METRICS.valueSerde(registry).deserializer())) {
                records = reader.readUntil(
                        seen -> seen.stream()
                                        .filter(r -> r.value().getFamily().equals("web"))
                                        .count()
                                >= published,
                        Duration.ofMinutes(2));
            }
            Map<String, List<Long>> sequences = new HashMap<>();
            for (ConsumerRecord<String, MetricBatch> r : records) {
                if (r.value().getFamily().equals("web")) {
                    sequences
                            .computeIfAbsent(r.key(), k -> new ArrayList<>())
                            .add(r.value().getSequence());
                }
            }
            assertThat(sequences).hasSize(20);
            assertThat(sequences.values().stream().mapToInt(List::size).sum())
                    .as("every batch, none twice")
                    .isEqualTo(published);
            sequences.forEach((node, seq) -> {
                for (int i = 0; i < seq.size(); i++) {
                    assertThat(seq.get(i)).as("sequence %d of %s", i, node).isEqualTo(i);
                }
            });
            kafka.close();
        }
    }
}
