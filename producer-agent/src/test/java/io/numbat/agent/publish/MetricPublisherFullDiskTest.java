package io.numbat.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.numbat.agent.spool.TinyDisk;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher over a spool whose disk fills (issue 12, observation 4), with a fake Kafka. */
class MetricPublisherFullDiskTest {
    private static final Duration NO_HEALTH = Duration.ofDays(1);
    /** Every batch about 1 KB on the wire: its node and sequence number, then padding. */
    private static final Serializer<MetricBatch> SERIALIZER = (topic, b) -> {
        if (b.getNode().equals("unserialisable")) {
            throw new IllegalStateException("schema registry unreachable");
        }
        return (b.getSequence() + ":" + "x".repeat(1_000)).getBytes(StandardCharsets.UTF_8);
    };

    @TempDir
    Path dir;

    private static MetricBatch batch(String node, long sequence) {
        return MetricBatch.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setTimestamp(Instant.now())
                .setSequence(sequence)
                .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 1.0)))
                .build();
    }

    private static MockProducer<String, byte[]> kafka(boolean up) {
        return new MockProducer<>(up, null, new StringSerializer(), new ByteArraySerializer());
    }

    private MetricPublisher publisher(MockProducer<String, byte[]> kafka, TinyDisk disk, int maxInFlight) {
        SpoolSettings settings = new SpoolSettings(dir, 1 << 20, Duration.ofHours(1), maxInFlight); // 128 KiB segments
        return new MetricPublisher(() -> kafka, SERIALIZER, "agent@test", settings, NO_HEALTH, Clock.systemUTC(), disk);
    }

    private static List<Long> sequences(MockProducer<String, byte[]> kafka) {
        return kafka.history().stream()
                .map(r -> Long.parseLong(new String(r.value(), StandardCharsets.UTF_8).split(":")[0]))
                .toList();
    }

    /** Waits for a condition the shipper thread brings about; a generous deadline, not a timing assertion. */
    private static void await(BooleanSupplier done, Runnable step, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting until " + what);
            }
            step.run();
            Thread.sleep(5);
        }
    }

    private static double healthSample(MetricPublisher p, MetricId id) {
        return p.health().getSamples().stream()
                .filter(s -> s.getMetric() == id.id())
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    @Test
    void aFullDiskWhileKafkaIsAwayDropsTheOldestCountsThemAndSendingGoesOnWhenItReturns() throws Exception {
        MockProducer<String, byte[]> kafka = kafka(false); // takes one batch and never answers: Kafka is away
        TinyDisk disk = new TinyDisk(dir, 20_000); // much smaller than the bound and than one segment
        try (MetricPublisher p = publisher(kafka, disk, 1)) {
            for (int i = 0; i < 500; i++) {
                p.publish(batch("web-1@sim", i)); // never throws
            }
            assertThat(disk.failures()).isPositive();
            assertThat(p.dropped()).isPositive();
            assertThat(healthSample(p, MetricId.AGENT_SPOOL_DROPPED)).isEqualTo((double) p.dropped());

            await(() -> p.sent() + p.dropped() == 500, kafka::completeNext, "every batch is sent or dropped");
            assertThat(p.shipping()).isTrue();
            assertThat(p.errors()).isZero();
            List<Long> sent = sequences(kafka);
            assertThat(sent)
                    .hasSize((int) p.sent())
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .contains(499L);

            p.publish(batch("web-1@sim", 500)); // and it keeps sending
            await(() -> p.sent() + p.dropped() == 501, kafka::completeNext, "the next batch is sent");
            assertThat(sequences(kafka)).last().isEqualTo(500L);
        }
    }

    @Test
    void aFullDiskWithKafkaUpKeepsSendingInOrder() throws Exception {
        MockProducer<String, byte[]> kafka = kafka(true);
        TinyDisk disk = new TinyDisk(dir, 20_000);
        try (MetricPublisher p = publisher(kafka, disk, 1_000)) {
            for (int i = 0; i < 300; i++) {
                p.publish(batch("web-1@sim", i));
            }
            await(() -> p.sent() + p.dropped() == 300, () -> {}, "every batch is sent or dropped");
            assertThat(p.shipping()).isTrue();
            assertThat(sequences(kafka))
                    .hasSize((int) p.sent())
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .contains(299L);
        }
    }

    @Test
    void aSpoolThatCannotBeWrittenAtAllSendsStraightToKafkaOrDropsAndCounts() throws Exception {
        MockProducer<String, byte[]> kafka = kafka(false);
        TinyDisk disk = new TinyDisk(dir, 0);
        try (MetricPublisher p = publisher(kafka, disk, 1)) {
            for (int i = 0; i < 20; i++) {
                p.publish(batch("web-1@sim", i));
            }
            await(() -> p.sent() == 20, kafka::completeNext, "Kafka has the 20 batches the disk would not take");
            assertThat(sequences(kafka))
                    .containsExactlyElementsOf(LongStream.range(0, 20).boxed().toList());
            assertThat(p.dropped()).isZero();
            assertThat(disk.used()).isZero();

            for (int i = 20; i < 520; i++) { // Kafka away: the in-memory queue's bound (128 KiB) is passed
                p.publish(batch("web-1@sim", i));
            }
            assertThat(p.dropped()).isPositive();
            await(() -> p.sent() + p.dropped() == 520, kafka::completeNext, "every batch is sent or dropped");
            assertThat(sequences(kafka)).isSorted().doesNotHaveDuplicates().contains(519L);
            assertThat(p.shipping()).isTrue();
        }
    }

    @Test
    void theShipperSurvivesExceptionsFromTheProducerAndSendsInOrder() throws Exception {
        AtomicInteger throwsLeft = new AtomicInteger(3);
        MockProducer<String, byte[]> kafka =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(
                            ProducerRecord<String, byte[]> record, Callback callback) {
                        if (throwsLeft.getAndDecrement() > 0) {
                            throw new IllegalStateException("producer in a bad state");
                        }
                        return super.send(record, callback);
                    }
                };
        try (MetricPublisher p = publisher(kafka, new TinyDisk(dir, 1 << 20), 10)) {
            for (int i = 0; i < 5; i++) {
                p.publish(batch("web-1@sim", i));
            }
            await(() -> p.sent() == 5, () -> {}, "the 5 batches are sent");
            assertThat(sequences(kafka)).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(p.shipping()).isTrue();
        }
    }

    @Test
    void aBatchThatCannotBeSerialisedIsCountedAndTheOthersGoOut() throws Exception {
        MockProducer<String, byte[]> kafka = kafka(true);
        try (MetricPublisher p = publisher(kafka, new TinyDisk(dir, 1 << 20), 10)) {
            p.publish(batch("web-1@sim", 0));
            p.publish(batch("unserialisable", 0)); // does not throw into the collector's thread
            p.publish(batch("web-1@sim", 1));
            await(() -> p.sent() == 2, () -> {}, "the 2 good batches are sent");
            assertThat(p.errors()).isEqualTo(1);
            assertThat(healthSample(p, MetricId.AGENT_SEND_ERRORS)).isEqualTo(1.0);
        }
    }
}
