package io.numbat.agent.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the publisher's local spool.
 *
 * @param dir where the spool segments live
 * @param maxBytes size bound on disk; past it the oldest unsent batches are dropped and counted
 * @param maxAge batches older than this are dropped rather than sent
 * @param maxInFlight batches handed to the Kafka producer and not yet acknowledged, at most
 */
public record SpoolSettings(Path dir, long maxBytes, Duration maxAge, int maxInFlight) {
    public SpoolSettings {
        Objects.requireNonNull(dir, "spool dir");
        if (maxBytes < 1024 * 1024) {
            throw new IllegalArgumentException("spool max bytes must be at least 1 MiB, was " + maxBytes);
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("spool max age must be positive, was " + maxAge);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be >= 1, was " + maxInFlight);
        }
    }

    /** 1 GiB and 1 hour under {@code dir}. */
    public static SpoolSettings defaults(Path dir) {
        return new SpoolSettings(dir, 1L << 30, Duration.ofHours(1), 20_000);
    }

    long segmentBytes() {
        return Math.min(64L << 20, maxBytes / 4);
    }
}
