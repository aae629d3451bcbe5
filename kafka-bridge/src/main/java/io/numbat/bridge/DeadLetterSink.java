package io.numbat.bridge;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record that could not be handled goes, with the error. */
@FunctionalInterface
public interface DeadLetterSink {
    /**
     * Sends {@code record}'s dead letter. Never blocks the caller and never completes exceptionally:
     * the future is {@code true} once the broker acknowledged the dead letter, {@code false} when it
     * could not be sent (the sink has then said so in its log).
     */
    CompletableFuture<Boolean> deadLetter(ConsumerRecord<String, byte[]> record, Throwable error);
}
