package io.numbat.platform.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.Alarm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * receiver is logged when it starts failing, then at most once a minute, and when it answers again. Not thread-safe:
 * one thread calls it (the Kafka consumer's, in {@link AlarmForwarding}).
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
    private long unreadable;

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
        firing.update(alarm, clock.instant()).ifPresent(this::offer);
    }

    /** A deleted alarm (tombstone): no longer re-sent. */
    public void onDeleted(String id) {
        firing.remove(id);
    }

    /** A record that could not be read: skipped and counted (the console dead-letters the topic's garbage). */
    public void onUnreadable() {
        unreadable++;
    }

    /** Queues the resends now due, then posts each receiver's waiting alerts, waiting at most {@code timeout}. */
    public void flush(Duration timeout) throws InterruptedException {
        Instant now = clock.instant();
        firing.due(now).forEach(this::offer);
        List<Post> posts = new ArrayList<>();
        for (Receiver r : receivers) {
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

    private void offer(FiringSet.Tracked t) {
        ObjectNode alert = AlertJson.alert(t.alarm(), t.startsAt(), console);
        receivers.forEach(r -> r.outbox.offer(t.alarm().getId(), alert));
    }

    private void succeeded(Post p) {
        Receiver r = p.receiver;
        if (r.outbox.failing()) {
            LOG.info("{} answers again after {} failed posts", r.name, r.outbox.failures());
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

    /** Alarms firing now. */
    public int firing() {
        return firing.firing();
    }
}
