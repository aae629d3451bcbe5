package io.numbat.platform.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one receiver (an Alertmanager or a webhook) has still to be told, with its back-off. Alerts wait here, the
 * latest per alarm, until a post of them succeeds; a receiver that fails is left alone for 1 s, then 2, 4, ... up to
 * {@link #MAX_BACKOFF}, while the others carry on. The outbox is bounded: past {@code capacity} the oldest waiting
 * alert is dropped and counted ({@link #dropped()}), never silently.
 */
public final class TargetOutbox {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final int capacity;
    private final Map<String, ObjectNode> waiting = new LinkedHashMap<>();
    private Duration backoff = Duration.ZERO;
    private Instant notBefore = Instant.MIN;
    private long dropped;
    private long failures;

    public TargetOutbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the outbox capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Queues {@code alert} for the alarm {@code id}, replacing an older state of it still waiting. */
    public void offer(String id, ObjectNode alert) {
        waiting.remove(id); // re-inserted last: the newest state goes out last
        waiting.put(id, alert);
        Iterator<String> oldest = waiting.keySet().iterator();
        while (waiting.size() > capacity) {
            oldest.next();
            oldest.remove();
            dropped++;
        }
    }

    /** The next batch to post (at most {@code max}, oldest first), or none while backing off or with nothing to say. */
    public Map<String, ObjectNode> batch(Instant now, int max) {
        if (waiting.isEmpty() || now.isBefore(notBefore)) {
            return Map.of();
        }
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectNode> e : waiting.entrySet()) {
            if (out.size() == max) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The batch was taken: its alerts leave the outbox unless a newer state of them came meanwhile. */
    public void delivered(Map<String, ObjectNode> batch) {
        List<String> sent = new ArrayList<>(batch.keySet());
        sent.forEach(id -> waiting.remove(id, batch.get(id)));
        backoff = Duration.ZERO;
        notBefore = Instant.MIN;
    }

    /** The post failed: its alerts stay, and the receiver is not tried again before the back-off has passed. */
    public Duration failed(Instant now) {
        failures++;
        backoff = backoff.isZero() ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
        notBefore = now.plus(backoff);
        return backoff;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public int waiting() {
        return waiting.size();
    }

    /** The most alerts it keeps waiting. */
    public int capacity() {
        return capacity;
    }

    public long dropped() {
        return dropped;
    }

    public long failures() {
        return failures;
    }

    /** Whether the last post failed and the receiver is being backed off. */
    public boolean failing() {
        return !backoff.isZero();
    }
}
