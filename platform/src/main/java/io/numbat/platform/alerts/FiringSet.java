package io.numbat.platform.alerts;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alarms to keep telling Alertmanager about, and when to tell it again. A raised alarm stays until it is cleared
 * and is re-sent every {@code resendEvery} (Alertmanager resolves an alert it has not heard of for
 * {@code resolve_timeout}, 5 min by default). A cleared alarm is sent when it clears, once more with the next
 * resend (in case the first post was lost to a restart), then forgotten. A cleared alarm this set never saw raised
 * and older than {@link #STALE_CLEARED} is not sent at all: reading the compacted topic from its beginning would
 * otherwise replay every clear ever kept there, and Alertmanager has resolved those alerts by itself long ago.
 */
public final class FiringSet {
    /** Alertmanager's default {@code resolve_timeout}. */
    public static final Duration STALE_CLEARED = Duration.ofMinutes(5);

    /** An alarm's latest state and when its alert started (the raise seen first). */
    public record Tracked(Alarm alarm, Instant startsAt) {
        public boolean firing() {
            return alarm.getState() == AlarmState.RAISED;
        }
    }

    private final Duration resendEvery;
    private final Map<String, Tracked> byId = new LinkedHashMap<>();
    private Instant nextResend;

    public FiringSet(Duration resendEvery, Instant now) {
        if (resendEvery.isNegative() || resendEvery.isZero()) {
            throw new IllegalArgumentException("the resend period must be positive, was " + resendEvery);
        }
        this.resendEvery = resendEvery;
        this.nextResend = now.plus(resendEvery);
    }

    /**
     * Takes an alarm's new state; answers what to send now, or nothing (an older state than the one held, or a
     * stale clear of an alarm never seen raised).
     */
    public Optional<Tracked> update(Alarm alarm, Instant now) {
        Tracked held = byId.get(alarm.getId());
        if (held != null && alarm.getTimestamp().isBefore(held.alarm().getTimestamp())) {
            return Optional.empty();
        }
        boolean raised = alarm.getState() == AlarmState.RAISED;
        if (!raised && held == null && alarm.getTimestamp().isBefore(now.minus(STALE_CLEARED))) {
            return Optional.empty();
        }
        Instant startsAt = held != null && held.firing() ? held.startsAt() : alarm.getTimestamp();
        Tracked t = new Tracked(alarm, startsAt);
        byId.put(alarm.getId(), t);
        return Optional.of(t);
    }

    /** Whether the set holds the alarm (raised, or cleared and not yet re-sent). */
    public boolean holds(String id) {
        return byId.containsKey(id);
    }

    /** Drops an alarm whose record was deleted from the compacted topic (a tombstone). */
    public void remove(String id) {
        byId.remove(id);
    }

    /**
     * Everything to re-send if a resend is due at {@code now} (the firing alarms and those cleared since the last
     * resend, which are then forgotten), else an empty list.
     */
    public List<Tracked> due(Instant now) {
        if (now.isBefore(nextResend)) {
            return List.of();
        }
        nextResend = now.plus(resendEvery);
        List<Tracked> out = new ArrayList<>(byId.values());
        byId.values().removeIf(t -> !t.firing());
        return out;
    }

    /** Alarms firing now. */
    public int firing() {
        return (int) byId.values().stream().filter(Tracked::firing).count();
    }
}
