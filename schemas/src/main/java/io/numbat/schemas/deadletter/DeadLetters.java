package io.numbat.schemas.deadletter;

import io.numbat.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the {@link DeadLetter} for a record a component could not read. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /**
     * @param error what went wrong; the cause chain's messages are appended so the reader sees the root
     */
    public static DeadLetter of(String component, String sourceTopic, int partition, long offset,
                                long timestampMillis, byte[] key, byte[] value, Throwable error) {
        return DeadLetter.newBuilder()
                .setComponent(component)
                .setSourceTopic(sourceTopic)
                .setPartition(partition)
                .setOffset(offset)
                .setTimestamp(Instant.ofEpochMilli(timestampMillis))
                .setError(describe(error))
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .build();
    }

    static String describe(Throwable error) {
        StringBuilder s = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !s.toString().contains(c.getMessage())) {
                s.append(": ").append(c.getMessage());
            }
        }
        return s.toString();
    }
}
