package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.processor.deadletter.RegistryBackoff;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.TrendWindow;
import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two records that crash-looped the stream processor, against the real broker and registry: a
 * valid batch without a key and a 5 MiB (lz4-compressible) value between good batches. Both become
 * dead letters that fit, the good batches' trends come out, and the processor stays RUNNING and keeps
 * committing past them. A registry that stays away, on the other hand, stops the processor (it does
 * not dead-letter the good record it cannot read now), and after a restart that record is processed.
 */
class ProcessorPoisonPillIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final Duration WAIT = Duration.ofMinutes(2);

    private static byte[] batch(Serializer<MetricBatch> serializer, String node, Instant at) {
        return serializer.serialize(
                Topics.METRICS.name(),
                MetricBatch.newBuilder()
                        .setNode(node)
                        .setFamily("pill")
                        .setTimestamp(at)
                        .setSequence(at.toEpochMilli())
                        .setSamples(List.of(new Sample(MetricId.SCHEDULER_UTILISATION.id(), 0.5)))
                        .setLimits(List.of())
                        .build());
    }

    private static KafkaProducer<String, byte[]> rawProducer(ClusterConnection cluster) {
        Map<String, Object> config = new HashMap<>(cluster.producerConfig("poison-pill-test"));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024); // the 5 MiB value compresses to a few KB
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String key, byte[] value, Instant at)
            throws Exception {
        return producer.send(new ProducerRecord<>(Topics.METRICS.name(), null, at.toEpochMilli(), key, value))
                .get();
    }

    /** Whether the application has committed past {@code record} on its partition. */
    private static boolean committedPast(String applicationId, RecordMetadata record) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.bootstrap()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        }
    }

    private static void awaitCommittedPast(String applicationId, RecordMetadata record) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!committedPast(applicationId, record)) {
            assertThat(System.nanoTime())
                    .as("committed past %s within %s", record, WAIT)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static TopicReader<String, DeadLetter> deadLetterReader() {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        Topics.DEAD_LETTERS.valueSerde(PLATFORM.registry()).deserializer()));
    }

    private static boolean isDeadLetterOf(DeadLetter d, RecordMetadata m) {
        return d.getSourceTopic().equals(m.topic()) && d.getPartition() == m.partition() && d.getOffset() == m.offset();
    }

    @Test
    void aKeylessBatchAndAFiveMebibyteValueAreDeadLetteredWhileTheProcessorKeepsRunning() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        ProcessorSettings settings = ProcessorSettings.defaults(
                        PLATFORM.dataDir().resolve("poison-streams"))
                .withTrendWindow(Duration.ofSeconds(1), Duration.ZERO)
                .withDelivery("poison-pill-it", false);
        Serializer<MetricBatch> serializer =
                Topics.METRICS.valueSerde(PLATFORM.registry()).serializer();
        Instant t0 = Instant.now();
        try (StreamProcessorApp processor = new StreamProcessorApp(cluster, PLATFORM.registry(), settings).start();
                KafkaProducer<String, byte[]> producer = rawProducer(cluster)) {
            assertThat(processor.awaitRunning(WAIT)).isTrue();
            send(producer, "pill-node", batch(serializer, "pill-node", t0), t0);
            RecordMetadata keyless =
                    send(producer, null, batch(serializer, "pill-node", t0.plusMillis(100)), t0.plusMillis(100));
            RecordMetadata zeros = send(producer, "pill-node", new byte[5 * 1024 * 1024], t0.plusMillis(200));
            RecordMetadata after = send(
                    producer, "pill-node", batch(serializer, "pill-node", t0.plusMillis(1_500)), t0.plusMillis(1_500));
            send(producer, "pill-node", batch(serializer, "pill-node", t0.plusMillis(4_000)), t0.plusMillis(4_000));

            List<DeadLetter> dead;
            try (TopicReader<String, DeadLetter> reader = deadLetterReader()) {
                dead = reader
                        .readUntil(
                                seen -> seen.stream()
                                                .filter(r -> isDeadLetterOf(r.value(), keyless)
                                                        || isDeadLetterOf(r.value(), zeros))
                                                .count()
                                        >= 2,
                                WAIT)
                        .stream()
                        .map(ConsumerRecord::value)
                        .toList();
            }
            assertThat(dead)
                    .filteredOn(d -> isDeadLetterOf(d, keyless))
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.getError()).contains("no key");
                        assertThat(d.getKeySize()).isEqualTo(-1);
                        assertThat(d.getComponent()).isEqualTo("stream-processor");
                    });
            assertThat(dead)
                    .filteredOn(d -> isDeadLetterOf(d, zeros))
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.getValueSize()).isEqualTo(5 * 1024 * 1024);
                        assertThat(d.getValue().remaining()).isEqualTo(DeadLetters.MAX_KEPT_VALUE_BYTES);
                        assertThat(d.getValueSha256()).hasSize(64);
                    });

            List<ConsumerRecord<String, TrendWindow>> trends;
            try (TopicReader<String, TrendWindow> reader = new TopicReader<>(
                    PLATFORM.bootstrap(),
                    Topics.TREND_WINDOWS.name(),
                    Topics.TREND_WINDOWS.keySerde().deserializer(),
                    TopicReader.skippingUnreadable(
                            Topics.TREND_WINDOWS.valueSerde(PLATFORM.registry()).deserializer()))) {
                trends = reader.readUntil(
                        seen -> seen.stream()
                                .anyMatch(r -> r.value().getNode().equals("pill-node")
                                        && !r.value().getWindowStart().isAfter(t0.plusMillis(1_500))
                                        && r.value().getWindowEnd().isAfter(t0.plusMillis(1_500))),
                        WAIT);
            }
            assertThat(trends)
                    .as("the trend of the window of the good batch sent after the poison pills")
                    .anyMatch(r -> r.value().getNode().equals("pill-node")
                            && !r.value().getWindowStart().isAfter(t0.plusMillis(1_500))
                            && r.value().getWindowEnd().isAfter(t0.plusMillis(1_500)));

            awaitCommittedPast(settings.applicationId(), after);
            awaitCommittedPast(settings.applicationId(), keyless);
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(processor.failure()).isNotDone();
        }
    }

    @Test
    void aRegistryThatStaysAwayStopsTheProcessorAndTheRecordIsProcessedAfterTheRestart() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        ProcessorSettings settings = ProcessorSettings.defaults(
                        PLATFORM.dataDir().resolve("registry-away-streams"))
                .withDelivery("registry-away-it", false);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RecordMetadata waiting;
        try (KafkaProducer<String, byte[]> producer = rawProducer(cluster)) {
            waiting = send(
                    producer,
                    "away-node",
                    batch(Topics.METRICS.valueSerde(PLATFORM.registry()).serializer(), "away-node", Instant.now()),
                    Instant.now());
        }
        RegistryBackoff brief =
                new RegistryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));
        try (RestSchemaRegistryClient away =
                        new RestSchemaRegistryClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(1));
                StreamProcessorApp processor = new StreamProcessorApp(cluster, away, settings, brief).start()) {
            Throwable cause = processor.failure().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(StreamProcessorApp.describe(cause))
                    .contains("unreachable")
                    .doesNotContain("\n");
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.ERROR);
        }
        try (StreamProcessorApp restarted = new StreamProcessorApp(cluster, PLATFORM.registry(), settings).start()) {
            assertThat(restarted.awaitRunning(WAIT)).isTrue();
            awaitCommittedPast(settings.applicationId(), waiting);
        }
        try (TopicReader<String, DeadLetter> reader = deadLetterReader()) {
            assertThat(reader.readUntil(seen -> false, Duration.ofSeconds(5)))
                    .noneMatch(r -> isDeadLetterOf(r.value(), waiting));
        }
    }
}
