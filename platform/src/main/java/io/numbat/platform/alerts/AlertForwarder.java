package io.numbat.platform.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.Silence;
import io.numbat.schemas.silence.SilenceBook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns alarms into alerts and hands them to every receiver: each alarm change goes to each receiver's
 * {@link TargetOutbox}, the {@link FiringSet}'s resends too, and {@link #flush} posts every outbox that is not backing
 * off, all receivers at once, so one that hangs or refuses delays the others by at most the post time-out. A failing
 * receiver is logged when it starts failing, then at most once a minute, and when it answers again.
 *
 * <p>Silences mute as Alertmanager's own do: a firing alarm under an active silence (marked silenced by the stream
 * processor, or covered now by a silence read from {@code numbat.silences}, which also mutes an alarm that was firing
 * before the silence began) is not sent nor re-sent, so the receivers resolve it after their {@code resolve_timeout};
 * when the silence ends before the alarm clears, the next resend fires it again. A clear is always sent for an alarm
 * the receivers were told fires, silenced or not (and when this forwarder cannot know, after a restart); only the
 * clear of an alarm they never heard of is kept back. Not thread-safe: one thread calls it (the Kafka consumer's, in
 * {@link AlarmForwarding}).
 */
public final class AlertForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(AlertForwarder.class);
    /** Alerts per post. */
    static final int MAX_BATCH = 500;
    /** How often a receiver that keeps failing is logged. */
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    /** One receiver: where it is, how it wants alerts, what it still has to be told. */
    public static final class Receiver {
        private final String name;
        private final AlertFormat format;
        private final AlertSink sink;
        private final TargetOutbox outbox;
        private Instant lastLogged = Instant.MIN;
        private Instant dropsLogged = Instant.MIN;
        /** {@link TargetOutbox#dropped()} as last logged. */
        private long droppedLogged;

        private long sent;

        public Receiver(String name, AlertFormat format, AlertSink sink, int capacity) {
            this.name = name;
            this.format = format;
            this.sink = sink;
            this.outbox = new TargetOutbox(capacity);
        }

        public String name() {
            return name;
        }

        public TargetOutbox outbox() {
            return outbox;
        }

        /** Alerts this receiver accepted. */
        public long sent() {
            return sent;
        }
    }

    private record Post(Receiver receiver, Map<String, ObjectNode> batch, CompletableFuture<Void> result) {}

    private final List<Receiver> receivers;
    private final FiringSet firing;
    private final Optional<String> console;
    private final Clock clock;
    private final SilenceBook silences = new SilenceBook();
    /** The alarms the receivers were told about (firing, or cleared and not yet re-sent), as {@link FiringSet} holds them. */
    private final Set<String> told = new HashSet<>();

    private long unreadable;
    private long muted;

    public AlertForwarder(List<Receiver> receivers, Duration resendEvery, Optional<String> console, Clock clock) {
        if (receivers.isEmpty()) {
            throw new IllegalArgumentException("no receiver: give at least one Alertmanager or webhook");
        }
        this.receivers = List.copyOf(receivers);
        this.firing = new FiringSet(resendEvery, clock.instant());
        this.console = console;
        this.clock = clock;
    }

    /** An alarm's new state, as read from the topic. */
    public void onAlarm(Alarm alarm) {
        boolean known = firing.holds(alarm.getId());
        firing.update(alarm, clock.instant()).ifPresent(t -> {
            if (!t.firing() && known && !told.contains(alarm.getId())) {
                return; // cleared while muted all along: the receivers never heard of it
            }
            send(t);
        });
    }

    /** A deleted alarm (tombstone): no longer re-sent. */
    public void onDeleted(String id) {
        firing.remove(id);
        told.remove(id);
    }

    /** A silence's latest version from {@code numbat.silences}; a version that breaks the rules is not applied. */
    public void onSilence(Silence silence) {
        silences.put(silence);
    }

    /** A deleted silence (tombstone). */
    public void onSilenceDeleted(String id) {
        silences.remove(id);
    }

    /**
     * Whether a firing alarm is muted now: an active silence covers it, or the processor marked it silenced with a
     * silence this forwarder has not read (yet).
     */
    boolean muted(Alarm alarm, Instant now) {
        if (silences.covering(alarm, now.toEpochMilli()).isPresent()) {
            return true;
        }
        return alarm.getSilenced() && !silences.knows(alarm.getSilenceId());
    }

    /** A record that could not be read: skipped and counted (the console dead-letters the topic's garbage). */
    public void onUnreadable() {
        unreadable++;
    }

    /** Queues the resends now due, then posts each receiver's waiting alerts, waiting at most {@code timeout}. */
    public void flush(Duration timeout) throws InterruptedException {
        Instant now = clock.instant();
        for (FiringSet.Tracked t : firing.due(now)) {
            if (t.firing()) {
                send(t);
            } else if (told.remove(t.alarm().getId())) { // its clear once more, then the set forgets it
                ObjectNode alert = AlertJson.alert(t.alarm(), t.startsAt(), console);
                receivers.forEach(r -> r.outbox.offer(t.alarm().getId(), alert));
            }
        }
        List<Post> posts = new ArrayList<>();
        for (Receiver r : receivers) {
            logDrops(r, now);
            Map<String, ObjectNode> batch = r.outbox.batch(now, MAX_BATCH);
            if (!batch.isEmpty()) {
                CompletableFuture<Void> result;
                try {
                    result = r.sink.post(r.format.encode(batch.values(), console.orElse("")));
                } catch (RuntimeException e) {
                    result = CompletableFuture.failedFuture(e);
                }
                posts.add(new Post(r, batch, result));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Post p : posts) {
            try {
                p.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                succeeded(p);
            } catch (ExecutionException | TimeoutException | CompletionException e) {
                p.result.cancel(true);
                failed(p, e instanceof ExecutionException ? e.getCause() : e);
            }
        }
    }

    /** Offers the alarm to every receiver, unless it fires under a silence (then it is counted as muted). */
    private void send(FiringSet.Tracked t) {
        String id = t.alarm().getId();
        if (t.firing() && muted(t.alarm(), clock.instant())) {
            muted++;
            return;
        }
        told.add(id);
        ObjectNode alert = AlertJson.alert(t.alarm(), t.startsAt(), console);
        receivers.forEach(r -> r.outbox.offer(id, alert));
    }

    /**
     * Logs alerts dropped for {@code r} since the last such line: at once for the first, then at most once a minute,
     * so nothing is dropped silently (the count is also {@code numbat_alerts_dropped_total} on {@code /metrics}).
     */
    private void logDrops(Receiver r, Instant now) {
        long dropped = r.outbox.dropped();
        if (dropped > r.droppedLogged && (r.droppedLogged == 0 || !now.isBefore(r.dropsLogged.plus(LOG_EVERY)))) {
            LOG.warn(
                    "{}: dropped {} alerts, the oldest waiting ones, past the {} it may keep (--max-waiting); "
                            + "{} dropped so far, {} waiting",
                    r.name,
                    dropped - r.droppedLogged,
                    r.outbox.capacity(),
                    dropped,
                    r.outbox.waiting());
            r.droppedLogged = dropped;
            r.dropsLogged = now;
        }
    }

    private void succeeded(Post p) {
        Receiver r = p.receiver;
        if (r.outbox.failing()) {
            LOG.info(
                    "{} answers again after {} failed posts ({} alerts dropped so far)",
                    r.name,
                    r.outbox.failures(),
                    r.outbox.dropped());
        }
        r.outbox.delivered(p.batch);
        r.sent += p.batch.size();
    }

    private void failed(Post p, Throwable cause) {
        Receiver r = p.receiver;
        Instant now = clock.instant();
        boolean first = !r.outbox.failing();
        Duration backoff = r.outbox.failed(now);
        if (first || !now.isBefore(r.lastLogged.plus(LOG_EVERY))) {
            r.lastLogged = now;
            LOG.warn(
                    "{}: post of {} alerts failed ({}); {} failed posts so far, {} alerts waiting, {} dropped; "
                            + "next try in {} s",
                    r.name,
                    p.batch.size(),
                    cause instanceof TimeoutException ? "no answer in time" : describe(cause),
                    r.outbox.failures(),
                    r.outbox.waiting(),
                    r.outbox.dropped(),
                    backoff.toSeconds());
        }
    }

    private static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof IllegalStateException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    public List<Receiver> receivers() {
        return receivers;
    }

    public long unreadable() {
        return unreadable;
    }

    /** Sends and resends of firing alarms held back by a silence so far. */
    public long muted() {
        return muted;
    }

    /** Alarms firing now. */
    public int firing() {
        return firing.firing();
    }
}
