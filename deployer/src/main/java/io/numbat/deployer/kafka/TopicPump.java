package io.numbat.deployer.kafka;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Kafka consumer on its own thread and hands each record to a handler on a Vert.x context,
 * waiting until the batch is handled before committing and polling again. This keeps the consumer
 * (not thread-safe, blocking) off the event loop and the handler on it. A record whose handler fails
 * is retried, then dead-lettered ({@link RecordHandling}); only then is the batch committed past it.
 */
public final class TopicPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPump.class);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final RecordHandling handling;
    private final boolean commit;
    private Runnable beforeCommit = () -> { };
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param handler called for each record on {@code context}; it may throw, see {@link RecordHandling}
     * @param commit  whether to commit each batch once handled (a consumer group's pump)
     */
    public TopicPump(String name, Consumer<String, byte[]> consumer, Context context,
                     Handler<ConsumerRecord<String, byte[]>> handler, DeadLetterSink deadLetters, boolean commit) {
        this(name, consumer, new RecordHandling(name, context, handler, deadLetters, () -> true), commit);
    }

    /** A pump handing records over as {@code handling} says (its attempts, its back-off). */
    public TopicPump(String name, Consumer<String, byte[]> consumer, RecordHandling handling, boolean commit) {
        this.name = name;
        this.consumer = consumer;
        this.handling = handling.whileRunning(() -> running);
        this.commit = commit;
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

    /** Joins the consumer group for {@code topic}. */
    public TopicPump subscribe(String topic) {
        return starting(c -> c.subscribe(List.of(topic)));
    }

    /**
     * Joins the consumer group for {@code topic}; {@code listener} hears of partitions assigned and
     * revoked, on the pump's thread, between batches (every batch handled before is committed).
     */
    public TopicPump subscribe(String topic, ConsumerRebalanceListener listener) {
        return starting(c -> c.subscribe(List.of(topic), listener));
    }

    /** Reads every partition of {@code topic} from its end, without a consumer group. */
    public TopicPump tail(String topic) {
        return starting(c -> {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(c::position); // resolve the end offsets now, not at the first poll
        });
    }

    private TopicPump starting(java.util.function.Consumer<Consumer<String, byte[]>> setup) {
        setup.accept(consumer);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(250));
                if (records.isEmpty()) {
                    continue;
                }
                if (!handling.handle(records)) {
                    break; // closing mid-batch: what was not handled is not committed
                }
                if (commit) {
                    beforeCommit.run();
                    commit(records.count());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: consumer stopped", name, e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * Commits what was handled. While the group rebalances a commit can be refused; the records are
     * then delivered again, here or to the partition's next owner, which is harmless because their
     * effects are already written (see {@link #beforeCommit}) and handlers skip what was done.
     */
    private void commit(int count) {
        try {
            consumer.commitSync();
        } catch (RebalanceInProgressException | CommitFailedException e) {
            LOG.warn("{}: {} records handled but not committed (the group is rebalancing): {}", name, count, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
