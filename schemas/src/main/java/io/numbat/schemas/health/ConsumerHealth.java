package io.numbat.schemas.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Health of a consumer with assigned partitions, measured on its own thread: every few seconds
 * {@link #probe} asks the brokers for the end offsets. It is live while such an answer came within
 * {@code staleAfter} (a poll returns empty whether the brokers answer or not, so polling proves
 * nothing), and caught up once its positions reached the end offsets of the first answer.
 */
public final class ConsumerHealth {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Duration probeEvery;
    private final Duration staleAfter;
    private final LongSupplier clock;
    private final long created;
    private volatile long lastProbe;
    private volatile long lastAnswer;
    private volatile String lastError;
    private volatile long lag = -1;
    private volatile boolean caughtUp;
    private Map<TopicPartition, Long> target;

    public ConsumerHealth(Duration probeEvery, Duration staleAfter, LongSupplier clock) {
        this.probeEvery = probeEvery;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.created = clock.getAsLong();
    }

    /** Probes every 5 s; live within 60 s of the last answer. */
    public static ConsumerHealth defaults() {
        return new ConsumerHealth(Duration.ofSeconds(5), Duration.ofSeconds(60), System::currentTimeMillis);
    }

    /**
     * Call from the consumer's thread on each loop; asks for end offsets when the last probe is
     * {@code probeEvery} old. A wake-up or interrupt (closing) passes through; any other error is recorded.
     */
    public void probe(Consumer<?, ?> consumer) {
        long now = clock.getAsLong();
        if (lastProbe != 0 && now - lastProbe < probeEvery.toMillis()) {
            return;
        }
        lastProbe = now;
        Set<TopicPartition> assigned = consumer.assignment();
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, PROBE_TIMEOUT);
            long total = 0;
            boolean reached = true;
            if (target == null) {
                target = Map.copyOf(ends);
            }
            for (TopicPartition tp : assigned) {
                long position = consumer.position(tp, PROBE_TIMEOUT);
                total += Math.max(0, ends.getOrDefault(tp, position) - position);
                reached &= position >= target.getOrDefault(tp, 0L);
            }
            lag = total;
            caughtUp |= reached;
            lastAnswer = clock.getAsLong();
            lastError = null;
        } catch (WakeupException | InterruptException e) {
            throw e; // closing: the consumer's loop handles it
        } catch (RuntimeException e) {
            // a probe never stops the consumer: whatever went wrong is reported
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** An answer within {@code staleAfter}, or (before the first) started within it. */
    public boolean live() {
        long since = lastAnswer != 0 ? lastAnswer : created;
        return clock.getAsLong() - since <= staleAfter.toMillis();
    }

    /** Whether the positions have reached the end offsets of the first answer (stays true). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records behind the end offsets at the last answer; -1 before it. */
    public long lag() {
        return lag;
    }

    public Health health() {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put(
                "kafka",
                lastAnswer == 0 ? "no answer yet" : "answered " + (clock.getAsLong() - lastAnswer) + " ms ago");
        checks.put("lag", lag);
        checks.put("caughtUp", caughtUp);
        if (lastError != null) {
            checks.put("error", lastError);
        }
        return new Health(live(), caughtUp, checks);
    }
}
