package io.numbat.processor.deadletter;

import java.time.Duration;

/**
 * How long a record waits for a schema registry that cannot answer now: retried after {@code first},
 * each wait doubling up to {@code max}, for at most {@code giveUpAfter} in all (the stream thread
 * waits with it, so this stays well below the consumer's 5 minute {@code max.poll.interval.ms}).
 * After that the processor exits and the record is read again after the restart: never dead-lettered.
 */
public record RegistryBackoff(Duration first, Duration max, Duration giveUpAfter) {

    public RegistryBackoff {
        if (first.isNegative() || max.compareTo(first) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("registry backoff needs 0 <= first <= max and giveUpAfter >= 0, was "
                    + first + ", " + max + ", " + giveUpAfter);
        }
    }

    /** 1 s, doubling up to 15 s, for up to 4 minutes. */
    public static RegistryBackoff defaults() {
        return new RegistryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMinutes(4));
    }

    /** The wait after {@code current}. */
    Duration next(Duration current) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
