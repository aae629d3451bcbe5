package io.numbat.processor.deadletter;

import io.numbat.schemas.MetricBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What makes a decoded {@link MetricBatch} unusable, so that it goes to the dead-letter topic instead
 * of into the windows: a key that is not the batch's node (a node's state lives in the task of its
 * key's partition: a batch without that key, or under another node's key, would be counted in the
 * wrong node's state, or on a partition where its node's state is not), a timestamp too far in the future (one agent with a wrong clock would
 * otherwise advance stream time and close every window early) or too far in the past. Other oddities
 * are handled where they matter: non-finite values are skipped, counters that drop are treated as
 * resets, unknown metric ids are kept, negative values of a limited metric never raise a limit alarm.
 */
public record BatchRules(Duration maxAhead, Duration maxBehind) {

    /** Ten minutes ahead, one day behind. */
    public static BatchRules defaults() {
        return new BatchRules(Duration.ofMinutes(10), Duration.ofDays(1));
    }

    /** Why the batch, read under {@code key}, cannot be used, or empty if it can. */
    public Optional<String> problem(String key, MetricBatch b, long nowMillis) {
        if (key == null) {
            return Optional.of(
                    "record has no key: a metrics record is keyed by its batch's node (" + b.getNode() + ")");
        }
        if (!key.equals(b.getNode())) {
            return Optional.of("key '" + key + "' is not the batch's node '" + b.getNode()
                    + "': a metrics record is keyed by its batch's node");
        }
        return problem(b, nowMillis);
    }

    /** Why the batch's timestamp makes it unusable, or empty if it does not. */
    public Optional<String> problem(MetricBatch b, long nowMillis) {
        long t = b.getTimestamp().toEpochMilli();
        if (t > nowMillis + maxAhead.toMillis()) {
            return Optional.of("timestamp " + Instant.ofEpochMilli(t) + " of " + b.getNode() + " is "
                    + Duration.ofMillis(t - nowMillis).toSeconds() + " s in the future (at most " + maxAhead.toSeconds()
                    + " s)");
        }
        if (t < nowMillis - maxBehind.toMillis()) {
            return Optional.of("timestamp " + Instant.ofEpochMilli(t) + " of " + b.getNode() + " is "
                    + Duration.ofMillis(nowMillis - t).toHours() + " h in the past (at most " + maxBehind.toHours()
                    + " h)");
        }
        return Optional.empty();
    }
}
