package io.numbat.console.intake;

import io.numbat.schemas.health.ConsumerHealth;
import io.numbat.schemas.health.Health;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Kafka consumer, assigned every partition of some topics (no consumer group, nothing
 * committed), on its own thread; prepares each batch there (decoding, which may call the schema
 * registry) and runs the prepared work on a Vert.x context, waiting until it returns before polling
 * again: the deployer's pump, reading each topic from a chosen point in time.
 */
public final class TopicPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPump.class);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final Context context;
    private final Function<ConsumerRecords<String, byte[]>, Runnable> prepare;
    private final Thread thread;
    private final ConsumerHealth health = ConsumerHealth.defaults();
    private volatile boolean running = true;

    public TopicPump(String name, Consumer<String, byte[]> consumer, Context context,
                     Function<ConsumerRecords<String, byte[]>, Runnable> prepare) {
        this.name = name;
        this.consumer = consumer;
        this.context = context;
        this.prepare = prepare;
        this.thread = new Thread(this::loop, "numbat-console-pump-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Assigns every partition of the topics and starts reading each from its offset at the given
     * epoch-ms time (0: from the beginning), then starts the thread. Blocking.
     */
    public TopicPump start(Map<String, Long> fromTimeByTopic) {
        try {
            assign(fromTimeByTopic);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            throw e;
        }
        thread.start();
        return this;
    }

    private void assign(Map<String, Long> fromTimeByTopic) {
        List<TopicPartition> all = new ArrayList<>();
        Map<TopicPartition, Long> times = new HashMap<>();
        fromTimeByTopic.forEach((topic, from) -> consumer.partitionsFor(topic).forEach(p -> {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            all.add(tp);
            times.put(tp, from);
        }));
        consumer.assign(all);
        consumer.seekToBeginning(all);
        Map<TopicPartition, Long> later = new HashMap<>(times);
        later.values().removeIf(t -> t <= 0);
        if (!later.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(later);
            List<TopicPartition> atEnd = new ArrayList<>();
            offsets.forEach((tp, o) -> {
                if (o == null) {
                    atEnd.add(tp);
                } else {
                    consumer.seek(tp, o.offset());
                }
            });
            consumer.seekToEnd(atEnd);
        }
        all.forEach(consumer::position);
    }

    private void loop() {
        try {
            while (running) {
                health.probe(consumer);
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(250));
                if (records.isEmpty()) {
                    continue;
                }
                Runnable work = prepare.apply(records); // applies each record on its own (RecordDecoder)
                CompletableFuture<Void> handled = new CompletableFuture<>();
                context.runOnContext(v -> {
                    try {
                        work.run();
                        handled.complete(null);
                    } catch (Throwable e) { // an Error too: the pump's thread must never wait forever
                        handled.completeExceptionally(e);
                    }
                });
                if (!await(handled, records.count())) {
                    break; // closing
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

    /** Live while the brokers answer its end-offset probes; ready once it has read what the topics held at start. */
    public Health health() {
        return thread.isAlive() ? health.health() : new Health(false, false, java.util.Map.of("pump", "stopped"));
    }

    /** Waits for a batch while the pump runs; false once it is closing. */
    private boolean await(CompletableFuture<Void> handled, int count) throws InterruptedException {
        while (true) {
            try {
                handled.get(1, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                if (!running) {
                    return false;
                }
            } catch (ExecutionException e) {
                LOG.error("{}: applying {} records failed part-way; the rest of them are skipped", name, count, e.getCause());
                return true;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
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
