package io.numbat.console.sse;

import io.vertx.core.http.HttpServerResponse;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One browser's event stream: pending messages coalesced by key (a newer fleet summary or state of
 * the same alarm replaces the older one), sent within a token-bucket budget of messages per second.
 * A client that cannot keep up (its socket's write queue stays full) loses its pending messages,
 * counted, and gets a fresh snapshot instead; one stuck for too long is disconnected.
 */
final class SseClient {
    /** A message waiting to be sent. */
    record Message(String event, String data) {}

    private final HttpServerResponse response;
    private final int perSecond;
    private final int maxPending;
    private final Map<String, Message> pending = new LinkedHashMap<>();
    private double tokens;
    private boolean resync;
    private long fullSince = -1;
    private boolean closed;

    SseClient(HttpServerResponse response, int perSecond, int maxPending) {
        this.response = response;
        this.perSecond = perSecond;
        this.maxPending = maxPending;
        this.tokens = perSecond;
    }

    /** Queues a message; returns how many were dropped to make room (all pending, replaced by a resync). */
    int offer(String key, String event, String data) {
        if (resync) {
            return 1; // the snapshot to come includes it
        }
        pending.remove(key);
        pending.put(key, new Message(event, data));
        if (pending.size() > maxPending) {
            int dropped = pending.size();
            pending.clear();
            resync = true;
            return dropped;
        }
        return 0;
    }

    /**
     * Sends what the budget allows. Returns false when the client should be dropped (closed, or its
     * write queue full for longer than {@code stuckMs}).
     */
    boolean flush(long now, double elapsedSeconds, long stuckMs, SseHub hub) {
        if (closed) {
            return false;
        }
        tokens = Math.min(perSecond, tokens + perSecond * elapsedSeconds);
        if (response.writeQueueFull()) {
            if (fullSince < 0) {
                fullSince = now;
            }
            return now - fullSince < stuckMs;
        }
        fullSince = -1;
        if (resync && tokens >= 1) {
            tokens -= 1;
            resync = false;
            Message m = hub.snapshot();
            write(hub.nextId(), m.event(), m.data());
        }
        Iterator<Message> it = pending.values().iterator();
        while (tokens >= 1 && it.hasNext() && !response.writeQueueFull()) {
            Message m = it.next();
            it.remove();
            tokens -= 1;
            write(hub.nextId(), m.event(), m.data());
        }
        return !closed;
    }

    /** Writes a message now, outside the budget (the first snapshot). */
    void write(long id, String event, String data) {
        if (closed) {
            return;
        }
        response.write("id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n")
                .onFailure(e -> closed = true);
    }

    void keepAlive() {
        if (!closed && !response.writeQueueFull()) {
            response.write(": keep-alive\n\n").onFailure(e -> closed = true);
        }
    }

    void closed() {
        closed = true;
    }

    void close() {
        closed = true;
        if (!response.ended() && !response.closed()) {
            response.reset();
        }
    }
}
