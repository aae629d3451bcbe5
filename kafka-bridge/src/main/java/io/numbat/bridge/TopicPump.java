package io.numbat.bridge;

import io.numbat.schemas.health.ConsumerHealth;
import io.numbat.schemas.health.Health;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bridge from Kafka to Vert.x: polls one consumer on its own thread (the consumer is blocking and
 * not thread-safe, so it stays off the event loop) and hands each record to a {@link RecordHandler} on a
 * Vert.x context, waiting until the batch is handled before it commits (a consumer group's pump) and polls
 * again. A record whose handling fails is settled by the {@link FailurePolicy}: retried, then dead-lettered
 * (only then is the batch committed past it) or the pump stops. It reads a topic in one of four ways:
 * {@link #subscribe} (a consumer group, committing), {@link #tail} (from the end), {@link #follow} (from
 * the beginning, with {@link #caughtUp}) and {@link #from} (each topic from a point in time).
 */
public final class TopicPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPump.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** A caught-up request: complete once the positions reach {@code ends}. */
    private record Barrier(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {}

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final RecordHandling handling;
    private final Thread thread;
    private final ConsumerHealth health = ConsumerHealth.defaults();
    private final Queue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private final List<Barrier> barriers = new ArrayList<>();
    private Runnable beforeCommit = () -> {};
    private boolean commit;
    private volatile boolean running = true;
    private volatile Throwable stoppedBy;

    /**
     * @param handler what to do with each record (see {@link RecordHandler#onContext} for a plain handler)
     * @param policy  how a record whose handling fails is settled
     */
    public TopicPump(
            String name,
            Consumer<String, byte[]> consumer,
            Context context,
            RecordHandler handler,
            FailurePolicy policy) {
        this.name = name;
        this.consumer = consumer;
        this.handling = new RecordHandling(name, context, handler, policy, () -> running);
        this.thread = new Thread(this::loop, "numbat-pump-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Runs {@code action} on the pump's thread after each batch is handled and before its offsets are
     * committed: e.g. flushing what the handler published, so that a crash can never leave a batch
     * committed whose effects were not yet written.
     */
    public TopicPump beforeCommit(Runnable action) {
        this.beforeCommit = action;
        return this;
    }

    /** Joins the consumer group for {@code topic}; each batch is committed once handled. */
    public TopicPump subscribe(String topic) {
        return starting(true, () -> consumer.subscribe(List.of(topic)));
    }

    /**
     * Joins the consumer group for {@code topic}; {@code listener} hears of partitions assigned and
     * revoked, on the pump's thread, between batches (every batch handled before is committed).
     */
    public TopicPump subscribe(String topic, ConsumerRebalanceListener listener) {
        return starting(true, () -> consumer.subscribe(List.of(topic), listener));
    }

    /** Reads every partition of {@code topic} from its end, without a consumer group. */
    public TopicPump tail(String topic) {
        return starting(false, () -> {
            List<TopicPartition> partitions = partitions(topic);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets now, not at the first poll
        });
    }

    /** Reads every partition of {@code topic} from its beginning and keeps following it, without a consumer group. */
    public TopicPump follow(String topic) {
        return from(Map.of(topic, 0L));
    }

    /**
     * Reads every partition of each topic, without a consumer group, from its offset at the given
     * epoch-ms time (0: from the beginning; a time after the last record: from the end). Blocking.
     */
    public TopicPump from(Map<String, Long> fromTimeByTopic) {
        return starting(false, () -> {
            List<TopicPartition> all = new ArrayList<>();
            Map<TopicPartition, Long> later = new HashMap<>();
            fromTimeByTopic.forEach((topic, from) -> partitions(topic).forEach(tp -> {
                all.add(tp);
                if (from > 0) {
                    later.put(tp, from);
                }
            }));
            consumer.assign(all);
            consumer.seekToBeginning(all);
            if (!later.isEmpty()) {
                List<TopicPartition> atEnd = new ArrayList<>();
                consumer.offsetsForTimes(later).forEach((tp, o) -> {
                    if (o == null) {
                        atEnd.add(tp);
                    } else {
                        consumer.seek(tp, o.offset());
                    }
                });
                consumer.seekToEnd(atEnd);
            }
            all.forEach(consumer::position); // resolve the offsets now, not at the first poll
        });
    }

    private List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    /** Sets the consumer up and starts the thread; a set-up that fails closes the consumer. */
    private TopicPump starting(boolean commit, Runnable setup) {
        this.commit = commit;
        try {
            setup.run();
        } catch (RuntimeException e) {
            running = false;
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            throw e;
        }
        thread.start();
        return this;
    }

    /**
     * Completes once every record its partitions held when this was called has been handled; fails if
     * the pump stops first. How a follower of a compacted topic knows it has read all of it.
     */
    public CompletableFuture<Void> caughtUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        requests.add(done);
        if (!running) {
            done.completeExceptionally(new IllegalStateException(name + " is closed"));
        }
        return done;
    }

    private void loop() {
        try {
            while (running) {
                for (CompletableFuture<Void> r; (r = requests.poll()) != null; ) {
                    barriers.add(new Barrier(consumer.endOffsets(consumer.assignment()), r));
                }
                health.probe(consumer);
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty() && !handle(records)) {
                    break;
                }
                release();
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stoppedBy = e;
            LOG.error("{}: consumer stopped", name, e);
        } finally {
            running = false;
            IllegalStateException stopped =
                    new IllegalStateException(name + " stopped" + (stoppedBy == null ? "" : ": " + stoppedBy));
            barriers.forEach(b -> b.done().completeExceptionally(stopped));
            requests.forEach(r -> r.completeExceptionally(stopped));
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    /** Handles and (in a group) commits a batch; false when the pump must end: closing, or stopped by the policy. */
    private boolean handle(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        RecordHandling.Settled settled = handling.handle(batch);
        if (settled.stop() != null) {
            stoppedBy = settled.stop();
            commit(batch.subList(0, settled.count())); // what was handled before it, and not the record itself
            return false;
        }
        if (settled.count() < batch.size()) {
            return false; // closing mid-batch: what was not handled is not committed
        }
        commit(batch);
        return true;
    }

    /**
     * Commits {@code handled} (a consumer group's pump). While the group rebalances a commit can be refused;
     * the records are then delivered again, here or to the partition's next owner, which is harmless
     * because their effects are already written (see {@link #beforeCommit}) and handlers skip what was done.
     */
    private void commit(List<ConsumerRecord<String, byte[]>> handled) {
        if (!commit || handled.isEmpty()) {
            return;
        }
        beforeCommit.run();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        handled.forEach(
                r -> offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
        try {
            consumer.commitSync(offsets);
        } catch (RebalanceInProgressException | CommitFailedException e) {
            LOG.warn(
                    "{}: {} records handled but not committed (the group is rebalancing): {}",
                    name,
                    handled.size(),
                    e.getMessage());
        }
    }

    /** Completes the barriers whose end offsets every partition has reached. */
    private void release() {
        for (Iterator<Barrier> it = barriers.iterator(); it.hasNext(); ) {
            Barrier b = it.next();
            if (b.ends().entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                b.done().complete(null);
                it.remove();
            }
        }
    }

    /**
     * Live while the brokers answer its end-offset probes and it runs; ready once it has read what its
     * partitions held at start. A pump that stopped says why.
     */
    public Health health() {
        if (running && thread.isAlive()) {
            return health.health();
        }
        Throwable why = stoppedBy;
        return new Health(false, false, Map.of("consumer", name + " stopped" + (why == null ? "" : ": " + why)));
    }

    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
