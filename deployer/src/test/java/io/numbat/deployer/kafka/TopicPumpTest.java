package io.numbat.deployer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka-to-Vert.x bridge handles records one by one: a failing record is retried, then
 * dead-lettered, and only then committed past; the records around it are carried out.
 */
class TopicPumpTest {
    private static final String TOPIC = "numbat.scaling-decisions";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final Vertx vertx = Vertx.vertx();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private TopicPump pump;

    @AfterEach
    void close() throws Exception {
        if (pump != null) {
            pump.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The records, then a pump of the consumer group with 3 attempts per record, 1 ms apart. */
    private void start(DeadLetterSink sink, io.vertx.core.Handler<ConsumerRecord<String, byte[]>> handler, String... keys) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            consumer.seek(P0, 0);
            for (int i = 0; i < keys.length; i++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, keys[i], keys[i].getBytes(StandardCharsets.UTF_8)));
            }
        });
        RecordHandling handling = new RecordHandling("test", vertx.getOrCreateContext(), handler, sink, 3,
                Duration.ofMillis(1), () -> true);
        pump = new TopicPump("test", consumer, handling, true).subscribe(TOPIC);
    }

    private DeadLetterSink recordingSink() {
        return (r, e) -> {
            deadLettered.add(r.key());
            errors.add(e);
            return CompletableFuture.completedFuture(true);
        };
    }

    private long committed() {
        OffsetAndMetadata o = consumer.committed(Set.of(P0)).get(P0);
        return o == null ? -1 : o.offset();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < end).as("waited 60 s for " + what).isTrue();
            Thread.sleep(20);
        }
    }

    @Test
    void aFailingRecordIsRetriedThenDeadLetteredAndTheRecordsAroundItAreCarriedOut() throws Exception {
        AtomicInteger attemptsOnBad = new AtomicInteger();
        start(recordingSink(), r -> {
            if (r.key().equals("bad")) {
                attemptsOnBad.incrementAndGet();
                throw new IllegalArgumentException("Illegal Capacity: -1");
            }
            handled.add(r.key());
        }, "good-1", "bad", "good-2", "good-3");

        waitFor(() -> committed() == 4, "the batch to be committed");

        assertThat(handled).containsExactly("good-1", "good-2", "good-3");
        assertThat(attemptsOnBad).hasValue(3);
        assertThat(deadLettered).containsExactly("bad");
        assertThat(errors.get(0)).hasMessage("Illegal Capacity: -1");
    }

    @Test
    void aRejectedRecordIsDeadLetteredAtOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        start(recordingSink(), r -> {
            if (r.key().equals("unreadable")) {
                attempts.incrementAndGet();
                throw new RecordRejectedException("unreadable record: unknown magic byte");
            }
            handled.add(r.key());
        }, "unreadable", "good");

        waitFor(() -> committed() == 2, "the batch to be committed");

        assertThat(attempts).as("a rejected record is not retried").hasValue(1);
        assertThat(deadLettered).containsExactly("unreadable");
        assertThat(handled).containsExactly("good");
    }

    @Test
    void anErrorThrownByTheHandlerNeitherKillsNorWedgesThePump() throws Exception {
        start(recordingSink(), r -> {
            if (r.key().equals("huge")) {
                throw new OutOfMemoryError("Requested array size exceeds VM limit");
            }
            handled.add(r.key());
        }, "huge", "good");

        waitFor(() -> committed() == 2, "the batch to be committed");
        assertThat(handled).containsExactly("good");
        assertThat(errors).singleElement().isInstanceOf(OutOfMemoryError.class);

        pump.close();
        assertThat(consumer.closed()).as("the pump's thread ended and closed its consumer").isTrue();
    }

    @Test
    void aBatchIsCommittedOnlyOnceItsDeadLetterIsAcknowledged() throws Exception {
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        List<Long> committedWhenDeadLettered = new CopyOnWriteArrayList<>();
        start((r, e) -> {
            committedWhenDeadLettered.add(committed());
            return ack;
        }, r -> {
            throw new RecordRejectedException("no");
        }, "bad");
        waitFor(() -> !committedWhenDeadLettered.isEmpty(), "the dead letter");
        assertThat(committedWhenDeadLettered).containsExactly(-1L);
        assertThat(committed()).as("not committed while the dead letter is not acknowledged").isEqualTo(-1);

        ack.complete(true);

        waitFor(() -> committed() == 1, "the commit after the acknowledgement");
    }

    @Test
    void aDeadLetterThatCannotBeSentDoesNotWedgeThePump() throws Exception {
        start((r, e) -> CompletableFuture.completedFuture(false), r -> {
            if (r.key().equals("bad")) {
                throw new RecordRejectedException("no");
            }
            handled.add(r.key());
        }, "bad", "good");

        waitFor(() -> committed() == 2, "the batch to be committed");
        assertThat(handled).containsExactly("good");
    }

    @Test
    void closingWhileAHandlerHangsEndsThePump() throws Exception {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletableFuture<Boolean> never = new CompletableFuture<>();
        start((r, e) -> {
            entered.complete(null);
            return never;
        }, r -> {
            throw new RecordRejectedException("no");
        }, "bad");
        entered.get(60, TimeUnit.SECONDS);

        pump.close();

        assertThat(consumer.closed()).as("the pump's thread ended and closed its consumer").isTrue();
    }
}
