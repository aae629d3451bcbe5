package io.numbat.console.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where the console sends a record it could not read ({@code numbat.dead-letters} in production,
 * a list in tests). {@link #send} returns only once the dead letter is durable.
 */
@FunctionalInterface
public interface DeadLetterSink {
    /** Names this component in dead letters. */
    String COMPONENT = "console";

    /**
     * Sends the dead letter of {@code record} and waits until the broker has it.
     *
     * @throws Exception when it could not be sent (the caller logs that it was not dead-lettered)
     */
    void send(ConsumerRecord<String, byte[]> record, Throwable error) throws Exception;
}
