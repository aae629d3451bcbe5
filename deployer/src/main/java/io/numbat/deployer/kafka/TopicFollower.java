package io.numbat.deployer.kafka;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic from the beginning and keeps following it, without a consumer
 * group, handing each record to a handler on a Vert.x context (and waiting for it, retrying and
 * dead-lettering a record that fails, as {@link TopicPump} does). {@link #caughtUp()} says when everything written before the call has been handled: how a
 * deployer knows its registry is complete, at start-up and before it takes over families from
 * another deployer.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    /** A caught-up request: complete once the positions reach {@code ends}. */
    private record Barrier(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {
    }

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final RecordHandling handling;
    private final Queue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private final List<Barrier> barriers = new ArrayList<>();
    private final Thread thread;
    private final io.numbat.schemas.health.ConsumerHealth health = io.numbat.schemas.health.ConsumerHealth.defaults();
    private volatile boolean running = true;
    private List<TopicPartition> partitions = List.of();

    public TopicFollower(String name, Consumer<String, byte[]> consumer, Context context,
                         Handler<ConsumerRecord<String, byte[]>> handler, DeadLetterSink deadLetters) {
        this.name = name;
        this.consumer = consumer;
        this.handling = new RecordHandling(name, context, handler, deadLetters, () -> running);
        this.thread = new Thread(this::loop, "numbat-follow-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts following every partition of {@code topic} from its beginning. */
    public TopicFollower follow(String topic) {
        partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
        return this;
    }

    /**
     * Completes once every record the topic held when this was called has been handled; fails if
     * the follower closes first.
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
                    barriers.add(new Barrier(consumer.endOffsets(partitions), r));
                }
                health.probe(consumer);
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty() && !handling.handle(records)) {
                    break; // closing
                }
                release();
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: consumer stopped", name, e);
        } finally {
            running = false;
            barriers.forEach(b -> b.done().completeExceptionally(new IllegalStateException(name + " stopped")));
            requests.forEach(r -> r.completeExceptionally(new IllegalStateException(name + " stopped")));
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
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

    /** Live while the brokers answer its end-offset probes and it follows; ready once caught up with the topic. */
    public io.numbat.schemas.health.Health health() {
        return running ? health.health()
                : new io.numbat.schemas.health.Health(false, false, Map.of("follower", name + " stopped"));
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
