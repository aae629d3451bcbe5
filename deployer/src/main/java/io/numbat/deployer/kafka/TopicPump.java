package io.numbat.deployer.kafka;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Kafka consumer on its own thread and hands each batch of records to a handler on a
 * Vert.x context, waiting until the handler returns before committing and polling again. This keeps
 * the consumer (not thread-safe, blocking) off the event loop and the handler on it.
 */
public final class TopicPump<V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPump.class);

    private final String name;
    private final KafkaConsumer<String, V> consumer;
    private final Context context;
    private final Handler<ConsumerRecords<String, V>> handler;
    private final boolean commit;
    private Runnable beforeCommit = () -> { };
    private final Thread thread;
    private volatile boolean running = true;

    public TopicPump(String name, KafkaConsumer<String, V> consumer, Context context,
                     Handler<ConsumerRecords<String, V>> handler, boolean commit) {
        this.name = name;
        this.consumer = consumer;
        this.context = context;
        this.handler = handler;
        this.commit = commit;
        this.thread = new Thread(this::loop, "numbat-pump-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Runs {@code action} on the pump's thread after each batch is handled and before its offsets are
     * committed: e.g. flushing what the handler published, so that a crash can never leave a batch
     * committed whose effects were not yet written.
     */
    public TopicPump<V> beforeCommit(Runnable action) {
        this.beforeCommit = action;
        return this;
    }

    /** Joins the consumer group for {@code topic}. */
    public TopicPump<V> subscribe(String topic) {
        return starting(c -> c.subscribe(List.of(topic)));
    }

    /**
     * Joins the consumer group for {@code topic}; {@code listener} hears of partitions assigned and
     * revoked, on the pump's thread, between batches (every batch handled before is committed).
     */
    public TopicPump<V> subscribe(String topic, ConsumerRebalanceListener listener) {
        return starting(c -> c.subscribe(List.of(topic), listener));
    }

    /** Reads every partition of {@code topic} from its end, without a consumer group. */
    public TopicPump<V> tail(String topic) {
        return starting(c -> {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(c::position); // resolve the end offsets now, not at the first poll
        });
    }

    private TopicPump<V> starting(Consumer<KafkaConsumer<String, V>> setup) {
        setup.accept(consumer);
        thread.start();
        return this;
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<String, V> records = consumer.poll(Duration.ofMillis(250));
                if (records.isEmpty()) {
                    continue;
                }
                CompletableFuture<Void> handled = new CompletableFuture<>();
                context.runOnContext(v -> {
                    try {
                        handler.handle(records);
                        handled.complete(null);
                    } catch (RuntimeException e) {
                        handled.completeExceptionally(e);
                    }
                });
                try {
                    handled.get();
                } catch (ExecutionException e) {
                    LOG.error("{}: handler failed on {} records; they are skipped", name, records.count(), e.getCause());
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
            consumer.close(Duration.ofSeconds(5));
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
