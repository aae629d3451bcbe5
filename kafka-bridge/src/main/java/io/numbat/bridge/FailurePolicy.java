package io.numbat.bridge;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link TopicPump} does with a record whose handling fails: it tries the record again, up to
 * {@code attempts} times in all with a back-off that doubles each time, and then, as {@code whenExhausted}
 * says, dead-letters it with the error and goes on, or stops. A {@link RecordRejectedException} (a record
 * that can never be handled) skips the retries. Skipping a record without a dead letter is not a choice.
 *
 * <p>In Kafka Connect's terms, {@link WhenExhausted#DEAD_LETTER} is {@code errors.tolerance=all} with a
 * dead-letter queue and {@link WhenExhausted#STOP} is {@code errors.tolerance=none}; {@code attempts} and
 * {@code backoff} play the part of {@code errors.retry.timeout} and {@code errors.retry.delay.max.ms}. In
 * Debezium's, they are {@code errors.max.retries} and the {@code fail} mode; Debezium's {@code warn} and
 * {@code skip} modes (log, skip and commit) have no counterpart here.
 *
 * @param attempts      tries of a failing record in all, at least 1
 * @param backoff       the pause before the second try, doubled before each further one
 * @param whenExhausted what happens to a record once its tries are spent
 * @param deadLetters   where {@link WhenExhausted#DEAD_LETTER} sends it; null with {@link WhenExhausted#STOP}
 */
public record FailurePolicy(int attempts, Duration backoff, WhenExhausted whenExhausted, DeadLetterSink deadLetters) {
    /** Tries of a failing record, unless the policy says otherwise. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** The pause before the second try, unless the policy says otherwise. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);

    /** The end of a record whose tries are spent. */
    public enum WhenExhausted {
        /**
         * Sent to the dead letters with the error; once the sink has it (or has said it could not send
         * it), the records after it are handled and the batch is committed past it.
         */
        DEAD_LETTER,
        /**
         * The pump commits what it handled before the record and stops: the record and those after it
         * stay uncommitted for the next reader, and the pump's health says it stopped, with the error.
         */
        STOP
    }

    public FailurePolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, was " + backoff);
        }
        Objects.requireNonNull(whenExhausted, "whenExhausted");
        if ((whenExhausted == WhenExhausted.DEAD_LETTER) != (deadLetters != null)) {
            throw new IllegalArgumentException("a dead-letter sink goes with DEAD_LETTER and only with it; "
                    + whenExhausted + " had " + (deadLetters == null ? "none" : "one"));
        }
    }

    /** {@value #DEFAULT_ATTEMPTS} tries, 500 ms apart at first, then a dead letter to {@code deadLetters}. */
    public static FailurePolicy deadLetter(DeadLetterSink deadLetters) {
        return new FailurePolicy(
                DEFAULT_ATTEMPTS,
                DEFAULT_BACKOFF,
                WhenExhausted.DEAD_LETTER,
                Objects.requireNonNull(deadLetters, "deadLetters"));
    }

    /** {@value #DEFAULT_ATTEMPTS} tries, 500 ms apart at first, then the pump stops. */
    public static FailurePolicy stop() {
        return new FailurePolicy(DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, WhenExhausted.STOP, null);
    }

    /** This policy with other tries: {@code attempts} in all, the first pause {@code backoff}. */
    public FailurePolicy retrying(int attempts, Duration backoff) {
        return new FailurePolicy(attempts, backoff, whenExhausted, deadLetters);
    }
}
