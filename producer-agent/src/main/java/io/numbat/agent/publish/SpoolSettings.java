package io.numbat.agent.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the publisher's local spool, checked when they are made: an error names the command
 * line option to change.
 *
 * @param dir where the spool segments live ({@value #DIR_OPTION})
 * @param maxBytes size bound on disk ({@value #MAX_BYTES_OPTION}); past it the oldest unsent batches are
 *     dropped and counted
 * @param maxAge batches older than this are dropped rather than sent ({@value #MAX_AGE_OPTION})
 * @param maxInFlight batches handed to the Kafka producer and not yet acknowledged, at most
 */
public record SpoolSettings(Path dir, long maxBytes, Duration maxAge, int maxInFlight) {
    public static final String DIR_OPTION = "--spool-dir";
    public static final String MAX_BYTES_OPTION = "--spool-max-bytes";
    public static final String MAX_AGE_OPTION = "--spool-max-age";
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);
    public static final long MIN_MAX_BYTES = 1L << 20;
    /** Largest segment file, for a bound of 512 MiB and more. */
    public static final long MAX_SEGMENT_BYTES = 64L << 20;
    /** Smallest segment file. */
    public static final long MIN_SEGMENT_BYTES = 64L << 10;

    public SpoolSettings {
        Objects.requireNonNull(dir, DIR_OPTION);
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException(
                    MAX_BYTES_OPTION + " must be at least 1 MiB (" + MIN_MAX_BYTES + " bytes), was " + maxBytes);
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(MAX_AGE_OPTION + " must be positive, was " + maxAge);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be >= 1, was " + maxInFlight);
        }
    }

    /** 1 GiB and 1 hour under {@code dir}. */
    public static SpoolSettings defaults(Path dir) {
        return new SpoolSettings(dir, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE, 20_000);
    }

    public SpoolSettings withMaxBytes(long bytes) {
        return new SpoolSettings(dir, bytes, maxAge, maxInFlight);
    }

    public SpoolSettings withMaxAge(Duration age) {
        return new SpoolSettings(dir, maxBytes, age, maxInFlight);
    }

    /**
     * Size at which a new segment file is started: an eighth of the bound, between 64 KiB and 64 MiB.
     * A full disk or the bound drops whole segments, so a segment is a small part of the bound, and a
     * 2 MB spool never waits for a 64 MiB segment to fill before its first can go.
     */
    public long segmentBytes() {
        return Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, maxBytes / 8));
    }
}
