package io.numbat.platform.failover;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.PlatformException;
import io.numbat.platform.kafka.LocalKafkaCluster;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker failure, for real: a three-broker cluster, a simulated fleet publishing through the
 * agent's publisher ({@code acks=all}, idempotent) and the stream processor; the broker leading
 * {@code numbat.metrics-0} is killed with SIGKILL, left down, started again. Then every batch the
 * fleet handed to the publisher is looked for on {@code numbat.metrics}: lost and duplicated
 * batches are counted, and the longest time the publisher and the processor made no progress.
 */
public final class FailoverDrill {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverDrill.class);
    private static final String FAMILY = "failover";

    /** Timings and load of a drill. */
    public record Settings(int nodes, Duration interval, Duration before, Duration down, Duration after) {}

    /** What a drill measured. */
    public record Result(
            long published,
            long lost,
            long duplicated,
            double publisherStallSeconds,
            double processorStallSeconds,
            int killedBroker) {}

    private FailoverDrill() {}

    public static Result run(Path dataDir, Settings s) throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir, 0, 0, ApicurioHome.locate(), 3)) {
            LocalKafkaCluster cluster = (LocalKafkaCluster) platform.kafka();
            ClusterConnection connection = platform.connection();
            SchemaRegistryClient registry = new RestSchemaRegistryClient(connection.schemaRegistryUrl());
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
                new TopicSetup(admin, registry, Optional.of((short) 3)).ensure(Topics.all());
            }
            ProcessorSettings settings = ProcessorSettings.defaults(dataDir.resolve("streams"))
                    .withTrendWindow(Duration.ofSeconds(10), Duration.ofSeconds(2))
                    .withDelivery("numbat-failover", false);
            MetricPublisher publisher = new MetricPublisher(
                    connection,
                    registry,
                    "failover-agent@drill",
                    SpoolSettings.defaults(dataDir.resolve("spool")),
                    Duration.ofSeconds(5),
                    Clock.systemUTC());
            SimulatedFleet fleet = new SimulatedFleet(
                    List.of(new FamilySpec(FAMILY, s.nodes(), 10)), publisher, s.interval(), 7, Clock.systemUTC());
            int victim;
            double publisherStall;
            double processorStall;
            try (StreamProcessorApp processor = new StreamProcessorApp(connection, registry, settings).start()) {
                if (!processor.awaitRunning(Duration.ofSeconds(120))) {
                    throw new PlatformException("the stream processor did not start within 120 s");
                }
                fleet.start();
                try (ProgressWatch published =
                                ProgressWatch.start("publisher", publisher::sent, () -> publisher.pending() > 0);
                        ConsumerProgress consumed = new ConsumerProgress(connection, settings.applicationId());
                        ProgressWatch processed =
                                ProgressWatch.start("processor", consumed::committed, consumed::behind)) {
                    Thread.sleep(s.before().toMillis());
                    victim = leaderOfMetricsZero(connection);
                    LOG.info("killing broker {} (leader of {}-0)", victim, Topics.METRICS.name());
                    cluster.kill(victim);
                    Thread.sleep(s.down().toMillis());
                    LOG.info("restarting broker {}", victim);
                    cluster.restart(victim);
                    Thread.sleep(s.after().toMillis());
                    fleet.close();
                    publisher.close(Duration.ofSeconds(120));
                    consumed.awaitCaughtUp(Duration.ofSeconds(120));
                    publisherStall = published.longestStallSeconds();
                    processorStall = processed.longestStallSeconds();
                }
            } finally {
                fleet.close();
                publisher.close(Duration.ofSeconds(5));
            }
            long published = fleet.batchesPublished();
            long[] counts = count(connection, registry);
            return new Result(
                    published, published - counts[0], counts[1] - counts[0], publisherStall, processorStall, victim);
        }
    }

    private static int leaderOfMetricsZero(ClusterConnection connection) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
            return admin.describeTopics(List.of(Topics.METRICS.name()))
                    .allTopicNames()
                    .get()
                    .get(Topics.METRICS.name())
                    .partitions()
                    .get(0)
                    .leader()
                    .id();
        }
    }

    /** Distinct and total batches of the drill's family on {@code numbat.metrics}. */
    private static long[] count(ClusterConnection connection, SchemaRegistryClient registry) {
        Deserializer<MetricBatch> values = Topics.METRICS.valueSerde(registry).deserializer();
        Set<String> distinct = new HashSet<>();
        long total = 0;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                connection.consumerConfig("numbat-failover-count", "numbat-failover-count", "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.METRICS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    MetricBatch b = values.deserialize(r.topic(), r.value());
                    if (FAMILY.equals(b.getFamily())) {
                        total++;
                        distinct.add(b.getNode() + "#" + b.getSequence());
                    }
                }
            }
        }
        return new long[] {distinct.size(), total};
    }
}
