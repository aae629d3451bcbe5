package io.numbat.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A dead letter is reported sent only once the broker acknowledged it; a refused one is retried, then reported lost. */
class DeadLetterPublisherTest {
    /** The broker's default {@code message.max.bytes}. */
    private static final int BROKER_RECORD_LIMIT = 1_048_588;

    private static final byte[] FIVE_MIB_OF_ZEROS = new byte[5 * 1024 * 1024];

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Serializer<DeadLetter> serializer =
            Topics.DEAD_LETTERS.valueSerde(registry).serializer();
    private final MockProducer<String, DeadLetter> producer =
            new MockProducer<>(false, null, Topics.DEAD_LETTERS.keySerde().serializer(), serializer);
    private DeadLetterPublisher publisher;

    @AfterEach
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    private static ConsumerRecord<String, byte[]> decisionRecord(byte[] value) {
        return new ConsumerRecord<>(Topics.SCALING_DECISIONS.name(), 3, 42, "db", value);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < end).as("waited 60 s").isTrue();
            Thread.sleep(10);
        }
    }

    @Test
    void aHugeUnreadableValueBecomesADeadLetterThatFitsInABrokerRecord() throws Exception {
        // what arrived: 5 MiB of zeros (lz4-compressed to a few KiB on the wire, whole once consumed)
        publisher = new DeadLetterPublisher("deployer", producer, 3, Duration.ofSeconds(30), Duration.ofMillis(1));

        CompletableFuture<Boolean> sent = publisher.deadLetter(
                decisionRecord(FIVE_MIB_OF_ZEROS),
                new RecordRejectedException("unreadable record: unknown magic byte 0"));
        waitFor(() -> producer.history().size() == 1);
        producer.completeNext();

        assertThat(sent.get(60, TimeUnit.SECONDS)).isTrue();
        DeadLetter dl = producer.history().get(0).value();
        assertThat(serializer.serialize(Topics.DEAD_LETTERS.name(), dl).length).isLessThan(BROKER_RECORD_LIMIT);
        assertThat(dl.getValueSize()).isEqualTo(FIVE_MIB_OF_ZEROS.length);
        assertThat(dl.getValue().remaining()).isEqualTo(DeadLetters.MAX_KEPT_VALUE_BYTES);
        assertThat(dl.getError()).contains("unknown magic byte 0");
        assertThat(dl.getSourceTopic()).isEqualTo(Topics.SCALING_DECISIONS.name());
        assertThat(dl.getOffset()).isEqualTo(42);
    }

    @Test
    void aDeadLetterIsReportedSentOnlyOnceTheBrokerAcknowledgedIt() throws Exception {
        publisher = new DeadLetterPublisher("deployer", producer, 3, Duration.ofSeconds(30), Duration.ofMillis(1));

        CompletableFuture<Boolean> sent =
                publisher.deadLetter(decisionRecord(new byte[] {0}), new RecordRejectedException("no"));
        waitFor(() -> producer.history().size() == 1);
        assertThat(sent).as("not acknowledged yet").isNotDone();

        producer.completeNext();
        assertThat(sent.get(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRefusedDeadLetterIsRetriedThenReportedNotSent() throws Exception {
        publisher = new DeadLetterPublisher("deployer", producer, 3, Duration.ofSeconds(30), Duration.ofMillis(1));

        CompletableFuture<Boolean> sent =
                publisher.deadLetter(decisionRecord(new byte[] {0}), new RecordRejectedException("no"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            int n = attempt;
            waitFor(() -> producer.history().size() == n);
            producer.errorNext(
                    attempt == 2 ? new TimeoutException("no leader") : new RecordTooLargeException("too large"));
        }

        assertThat(sent.get(60, TimeUnit.SECONDS))
                .as("reported not sent, never completed exceptionally")
                .isFalse();
        assertThat(producer.history()).hasSize(3);
    }

    @Test
    void aSendThatFailsAtOnceIsRetriedToo() throws Exception {
        producer.sendException =
                new TimeoutException("Topic numbat.dead-letters not present in metadata after 5000 ms");
        publisher = new DeadLetterPublisher("deployer", producer, 2, Duration.ofSeconds(30), Duration.ofMillis(1));

        assertThat(publisher
                        .deadLetter(decisionRecord(new byte[] {0}), new RecordRejectedException("no"))
                        .get(60, TimeUnit.SECONDS))
                .isFalse();
    }
}
