package io.numbat.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
 * dead-lettered and only then committed past (the records around it are carried out), or, with the
 * stop policy, the pump commits what came before it and stops.
 */
class TopicPumpTest {
    private static final String TOPIC = "numbat.scaling-decisions";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final Vertx vertx = Vertx.vertx();
    /** Offsets committed, by partition: readable also once the pump has closed the consumer. */
    private final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            super.commitSync(offsets);
            offsets.forEach((tp, o) -> commits.put(tp, o.offset()));
        }
    };
    private Runnable beforeCommit = () -> {};
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

    /** The records, then a pump of the consumer group with 3 attempts per record, 1 ms apart, then a dead letter. */
    private void start(DeadLetterSink sink, Handler<ConsumerRecord<String, byte[]>> handler, String... keys) {
        start(FailurePolicy.deadLetter(sink).retrying(3, Duration.ofMillis(1)), RecordHandler.onContext(handler), keys);
    }

    /** The records, then a pump of the consumer group with {@code policy}. */
    private void start(FailurePolicy policy, RecordHandler handler, String... keys) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            consumer.seek(P0, 0);
            for (int i = 0; i < keys.length; i++) {
                consumer.addRecord(
                        new ConsumerRecord<>(TOPIC, 0, i, keys[i], keys[i].getBytes(StandardCharsets.UTF_8)));
            }
        });
        pump = new TopicPump("test", consumer, vertx.getOrCreateContext(), handler, policy)
                .beforeCommit(beforeCommit)
                .subscribe(TOPIC);
    }

    private DeadLetterSink recordingSink() {
        return (r, e) -> {
            deadLettered.add(r.key());
            errors.add(e);
            return CompletableFuture.completedFuture(true);
        };
    }

    private long committed() {
        return commits.getOrDefault(P0, -1L);
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
        start(
                recordingSink(),
                r -> {
                    if (r.key().equals("bad")) {
                        attemptsOnBad.incrementAndGet();
                        throw new IllegalArgumentException("Illegal Capacity: -1");
                    }
                    handled.add(r.key());
                },
                "good-1",
                "bad",
                "good-2",
                "good-3");

        waitFor(() -> committed() == 4, "the batch to be committed");

        assertThat(handled).containsExactly("good-1", "good-2", "good-3");
        assertThat(attemptsOnBad).hasValue(3);
        assertThat(deadLettered).containsExactly("bad");
        assertThat(errors.get(0)).hasMessage("Illegal Capacity: -1");
    }

    @Test
    void aRejectedRecordIsDeadLetteredAtOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        start(
                recordingSink(),
                r -> {
                    if (r.key().equals("unreadable")) {
                        attempts.incrementAndGet();
                        throw new RecordRejectedException("unreadable record: unknown magic byte");
                    }
                    handled.add(r.key());
                },
                "unreadable",
                "good");

        waitFor(() -> committed() == 2, "the batch to be committed");

        assertThat(attempts).as("a rejected record is not retried").hasValue(1);
        assertThat(deadLettered).containsExactly("unreadable");
        assertThat(handled).containsExactly("good");
    }

    @Test
    void anErrorThrownByTheHandlerNeitherKillsNorWedgesThePump() throws Exception {
        start(
                recordingSink(),
                r -> {
                    if (r.key().equals("huge")) {
                        throw new OutOfMemoryError("Requested array size exceeds VM limit");
                    }
                    handled.add(r.key());
                },
                "huge",
                "good");

        waitFor(() -> committed() == 2, "the batch to be committed");
        assertThat(handled).containsExactly("good");
        assertThat(errors).singleElement().isInstanceOf(OutOfMemoryError.class);

        pump.close();
        assertThat(consumer.closed())
                .as("the pump's thread ended and closed its consumer")
                .isTrue();
    }

    @Test
    void aBatchIsCommittedOnlyOnceItsDeadLetterIsAcknowledged() throws Exception {
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        List<Long> committedWhenDeadLettered = new CopyOnWriteArrayList<>();
        start(
                (r, e) -> {
                    committedWhenDeadLettered.add(committed());
                    return ack;
                },
                r -> {
                    throw new RecordRejectedException("no");
                },
                "bad");
        waitFor(() -> !committedWhenDeadLettered.isEmpty(), "the dead letter");
        assertThat(committedWhenDeadLettered).containsExactly(-1L);
        assertThat(committed())
                .as("not committed while the dead letter is not acknowledged")
                .isEqualTo(-1);

        ack.complete(true);

        waitFor(() -> committed() == 1, "the commit after the acknowledgement");
    }

    @Test
    void aDeadLetterThatCannotBeSentDoesNotWedgeThePump() throws Exception {
        start(
                (r, e) -> CompletableFuture.completedFuture(false),
                r -> {
                    if (r.key().equals("bad")) {
                        throw new RecordRejectedException("no");
                    }
                    handled.add(r.key());
                },
                "bad",
                "good");

        waitFor(() -> committed() == 2, "the batch to be committed");
        assertThat(handled).containsExactly("good");
    }

    @Test
    void closingWhileAHandlerHangsEndsThePump() throws Exception {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletableFuture<Boolean> never = new CompletableFuture<>();
        start(
                (r, e) -> {
                    entered.complete(null);
                    return never;
                },
                r -> {
                    throw new RecordRejectedException("no");
                },
                "bad");
        entered.get(60, TimeUnit.SECONDS);

        pump.close();

        assertThat(consumer.closed())
                .as("the pump's thread ended and closed its consumer")
                .isTrue();
    }

    @Test
    void aRecordThatFailsAndThenSucceedsIsHandledOnceAndNotDeadLettered() throws Exception {
        AtomicInteger attemptsOnFlaky = new AtomicInteger();
        start(
                recordingSink(),
                r -> {
                    if (r.key().equals("flaky") && attemptsOnFlaky.incrementAndGet() < 3) {
                        throw new IllegalStateException("the registry is away");
                    }
                    handled.add(r.key());
                },
                "good-1",
                "flaky",
                "good-2");

        waitFor(() -> committed() == 3, "the batch to be committed");

        assertThat(handled).containsExactly("good-1", "flaky", "good-2");
        assertThat(attemptsOnFlaky)
                .as("two failures, then the third attempt succeeded")
                .hasValue(3);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aRecordWhosePreparationFailsIsRetriedThenDeadLetteredWithTheError() throws Exception {
        AtomicInteger preparations = new AtomicInteger();
        start(
                FailurePolicy.deadLetter(recordingSink()).retrying(2, Duration.ofMillis(1)),
                r -> {
                    if (r.key().equals("undecodable")) {
                        preparations.incrementAndGet();
                        throw new IllegalArgumentException("unknown magic byte");
                    }
                    return () -> handled.add(r.key());
                },
                "undecodable",
                "good");

        waitFor(() -> committed() == 2, "the batch to be committed");

        assertThat(preparations).hasValue(2);
        assertThat(deadLettered).containsExactly("undecodable");
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("unknown magic byte"));
        assertThat(handled).containsExactly("good");
    }

    @Test
    void withTheStopPolicyTheRecordsBeforeAFailingOneAreCommittedAndThePumpStops() throws Exception {
        AtomicInteger attemptsOnBad = new AtomicInteger();
        start(
                FailurePolicy.stop().retrying(2, Duration.ofMillis(1)),
                RecordHandler.onContext(r -> {
                    if (r.key().equals("bad")) {
                        attemptsOnBad.incrementAndGet();
                        throw new IllegalArgumentException("Illegal Capacity: -1");
                    }
                    handled.add(r.key());
                }),
                "good-1",
                "bad",
                "good-2");

        waitFor(consumer::closed, "the pump to stop and close its consumer");

        assertThat(attemptsOnBad).hasValue(2);
        assertThat(handled).as("nothing after the failing record is handled").containsExactly("good-1");
        assertThat(committed())
                .as("committed up to the failing record, not past it")
                .isEqualTo(1);
        assertThat(pump.health().live()).isFalse();
        assertThat(pump.health().checks().get("consumer").toString())
                .contains("stopped")
                .contains("Illegal Capacity: -1");
    }

    @Test
    void withTheStopPolicyARejectedRecordStopsThePumpWithoutRetries() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        start(
                FailurePolicy.stop().retrying(3, Duration.ofMillis(1)),
                RecordHandler.onContext(r -> {
                    attempts.incrementAndGet();
                    throw new RecordRejectedException("record has no value");
                }),
                "empty",
                "good");

        waitFor(consumer::closed, "the pump to stop and close its consumer");

        assertThat(attempts).hasValue(1);
        assertThat(committed()).as("nothing handled, nothing committed").isEqualTo(-1);
    }

    @Test
    void aBatchIsCommittedOnlyOnceHandledAndAfterTheBeforeCommitAction() throws Exception {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        List<Long> committedBeforeCommitAction = new CopyOnWriteArrayList<>();
        beforeCommit = () -> committedBeforeCommitAction.add(committed());
        start(
                recordingSink(),
                r -> {
                    if (r.key().equals("slow")) {
                        entered.complete(null);
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    handled.add(r.key());
                },
                "good",
                "slow");
        entered.get(60, TimeUnit.SECONDS);

        assertThat(committed())
                .as("not committed while a record of the batch is being handled")
                .isEqualTo(-1);
        release.countDown();

        waitFor(() -> committed() == 2, "the commit once the batch is handled");
        assertThat(committedBeforeCommitAction).containsExactly(-1L);
        assertThat(handled).containsExactly("good", "slow");
    }
}
