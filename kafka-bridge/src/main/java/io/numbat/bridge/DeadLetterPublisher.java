package io.numbat.bridge;

import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes dead letters to {@code numbat.dead-letters} on its own thread, so neither an event loop
 * nor a consumer waits on the broker or the registry. A dead letter is reported sent only once the
 * broker acknowledged it; a refused send is retried a bounded number of times, then reported lost.
 */
public final class DeadLetterPublisher implements DeadLetterSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final String component;
    private final Producer<String, DeadLetter> producer;
    private final int attempts;
    private final Duration ackTimeout;
    private final Duration backoff;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "numbat-dead-letters");
        t.setDaemon(true);
        return t;
    });

    /** Three attempts, each waiting up to 30 s for the acknowledgement, 1 s apart. */
    public DeadLetterPublisher(String component, Producer<String, DeadLetter> producer) {
        this(component, producer, 3, Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    public DeadLetterPublisher(
            String component,
            Producer<String, DeadLetter> producer,
            int attempts,
            Duration ackTimeout,
            Duration backoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        this.component = component;
        this.producer = producer;
        this.attempts = attempts;
        this.ackTimeout = ackTimeout;
        this.backoff = backoff;
    }

    @Override
    public CompletableFuture<Boolean> deadLetter(ConsumerRecord<String, byte[]> record, Throwable error) {
        try {
            return CompletableFuture.supplyAsync(() -> send(record, error), sender)
                    .exceptionally(e -> {
                        LOG.error(
                                "{} could NOT be sent to {}: {}",
                                RecordHandling.where(record),
                                Topics.DEAD_LETTERS.name(),
                                e.toString());
                        return false;
                    });
        } catch (RejectedExecutionException e) {
            LOG.error(
                    "{}: not sent to {} (the {} is stopping): {}",
                    RecordHandling.where(record),
                    Topics.DEAD_LETTERS.name(),
                    component,
                    error);
            return CompletableFuture.completedFuture(false);
        }
    }

    private boolean send(ConsumerRecord<String, byte[]> r, Throwable error) {
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter dl =
                DeadLetters.of(component, r.topic(), r.partition(), r.offset(), r.timestamp(), key, r.value(), error);
        String why = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                RecordMetadata md = producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.topic(), dl))
                        .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.warn(
                        "{} sent to {} (partition {}, offset {}): {}",
                        RecordHandling.where(r),
                        Topics.DEAD_LETTERS.name(),
                        md.partition(),
                        md.offset(),
                        dl.getError());
                return true;
            } catch (ExecutionException e) {
                why = String.valueOf(e.getCause());
            } catch (TimeoutException e) {
                why = "not acknowledged within " + ackTimeout.toMillis() + " ms";
            } catch (KafkaException e) {
                why = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
                break;
            }
            if (attempt < attempts) {
                LOG.warn(
                        "{}: dead letter not sent to {} (attempt {} of {}): {}; retrying",
                        RecordHandling.where(r),
                        Topics.DEAD_LETTERS.name(),
                        attempt,
                        attempts,
                        why);
                if (!pause()) {
                    why = "interrupted";
                    break;
                }
            }
        }
        LOG.error(
                "{} could NOT be sent to {} ({} attempts): {}; the record is skipped without a dead letter. Its error: {}",
                RecordHandling.where(r),
                Topics.DEAD_LETTERS.name(),
                attempts,
                why,
                dl.getError());
        return false;
    }

    private boolean pause() {
        try {
            Thread.sleep(backoff.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lets the dead letters under way finish (up to 10 s); the producer is the caller's to close. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
