package io.numbat.schemas.deadletter;

import io.numbat.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Builds the {@link DeadLetter} for a record a component could not read. A dead letter always fits
 * in a Kafka record: only the first {@link #MAX_KEPT_VALUE_BYTES} bytes of the value (and
 * {@link #MAX_KEPT_KEY_BYTES} of the key) are kept, with the whole sizes and the value's SHA-256.
 */
public final class DeadLetters {
    /** Value bytes kept: far below the broker's default 1 MB record limit, enough to look at. */
    public static final int MAX_KEPT_VALUE_BYTES = 64 * 1024;
    /** Key bytes kept. */
    public static final int MAX_KEPT_KEY_BYTES = 1024;
    /** Characters of the error message kept. */
    public static final int MAX_ERROR_CHARS = 4096;

    private DeadLetters() {}

    /**
     * @param error what went wrong; the cause chain's messages are appended so the reader sees the root
     */
    public static DeadLetter of(
            String component,
            String sourceTopic,
            int partition,
            long offset,
            long timestampMillis,
            byte[] key,
            byte[] value,
            Throwable error) {
        return DeadLetter.newBuilder()
                .setComponent(component)
                .setSourceTopic(sourceTopic)
                .setPartition(partition)
                .setOffset(offset)
                .setTimestamp(Instant.ofEpochMilli(Math.max(0, timestampMillis)))
                .setError(truncate(describe(error), MAX_ERROR_CHARS))
                .setKey(head(key, MAX_KEPT_KEY_BYTES))
                .setValue(head(value, MAX_KEPT_VALUE_BYTES))
                .setKeySize(key == null ? -1 : key.length)
                .setValueSize(value == null ? -1 : value.length)
                .setValueSha256(value == null ? null : sha256(value))
                .build();
    }

    static String describe(Throwable error) {
        StringBuilder s = new StringBuilder(error.getClass().getSimpleName())
                .append(": ")
                .append(String.valueOf(error.getMessage()));
        for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !s.toString().contains(c.getMessage())) {
                s.append(": ").append(c.getMessage());
            }
        }
        return s.toString();
    }

    private static ByteBuffer head(byte[] bytes, int max) {
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.wrap(bytes.length <= max ? bytes : Arrays.copyOf(bytes, max));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + s.length() + " chars)";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
