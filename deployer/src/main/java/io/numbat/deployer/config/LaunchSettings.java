package io.numbat.deployer.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the deployer launches a node: each attempt must bring it to RUNNING (first metrics) within
 * {@code startTimeout}; a failed or timed-out attempt is retried up to {@code retries} more times,
 * waiting {@code backoff}, then twice that, and so on, before the node is FAILED.
 */
public record LaunchSettings(Duration startTimeout, int retries, Duration backoff) {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_RETRIES = 2;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(2);
    public static final LaunchSettings DEFAULTS =
            new LaunchSettings(DEFAULT_START_TIMEOUT, DEFAULT_RETRIES, DEFAULT_BACKOFF);

    public LaunchSettings {
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (startTimeout.isZero() || startTimeout.isNegative() || retries < 0 || backoff.isNegative()) {
            throw new IllegalArgumentException("need startTimeout > 0, retries >= 0, backoff >= 0");
        }
    }

    /** Attempts in all: the first and the retries. */
    public int attempts() {
        return retries + 1;
    }

    /** The wait before attempt {@code attempt} (2, 3, ...): backoff × 2^(attempt − 2), capped at an hour. */
    public Duration backoffBefore(int attempt) {
        int doublings = Math.min(Math.max(0, attempt - 2), 20);
        Duration d = backoff.multipliedBy(1L << doublings);
        return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
    }
}
