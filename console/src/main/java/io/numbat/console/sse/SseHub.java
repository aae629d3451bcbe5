package io.numbat.console.sse;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Server-Sent Events to browsers ({@code GET /api/events}): each new client first gets a
 * {@code snapshot} (so a reconnecting client catches up, whatever its Last-Event-ID), then
 * {@code fleet} summaries when they change (checked once a second) and {@code alarm} changes, at most
 * {@code perSecond} messages per second per client. Lives on one Vert.x context; a slow or broken
 * client never holds up the others: its messages are dropped and counted.
 */
public final class SseHub implements AutoCloseable {
    static final int MAX_PENDING = 256;
    static final long STUCK_MS = 30_000;
    static final long KEEP_ALIVE_MS = 15_000;
    static final int WRITE_QUEUE_BYTES = 256 * 1024;
    /** The fleet summary is recomputed (and sent if it changed) at most this often. */
    static final long FLEET_EVERY_NANOS = 1_000_000_000L;

    private final Vertx vertx;
    private final int perSecond;
    private final Supplier<String> snapshot;
    private final Supplier<String> fleet;
    private final List<SseClient> clients = new ArrayList<>();
    private final long timer;
    private final long keepAliveTimer;
    private long lastTick = System.nanoTime();
    private long lastFleetCheck;
    private long nextId;
    private String lastFleet;
    private long dropped;
    private long disconnected;

    /**
     * @param snapshot the JSON of a full snapshot (fleet summary and live alarms)
     * @param fleet the JSON of the fleet summary, sent when it differs from the last one sent
     */
    public SseHub(Vertx vertx, int perSecond, Supplier<String> snapshot, Supplier<String> fleet) {
        this.vertx = vertx;
        this.perSecond = perSecond;
        this.snapshot = snapshot;
        this.fleet = fleet;
        long period = Math.max(20, Math.min(250, 1000 / perSecond));
        this.timer = vertx.setPeriodic(period, id -> tick());
        this.keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE_MS, id -> clients.forEach(SseClient::keepAlive));
    }

    /** Turns the request into an event stream and sends the snapshot. */
    public void attach(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        r.setChunked(true)
                .setWriteQueueMaxSize(WRITE_QUEUE_BYTES)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        SseClient c = new SseClient(r, perSecond, MAX_PENDING);
        r.closeHandler(v -> c.closed());
        r.exceptionHandler(e -> c.closed());
        r.write("retry: 2000\n\n");
        SseClient.Message s = snapshot();
        c.write(nextId(), s.event(), s.data());
        clients.add(c);
    }

    /** Queues a message for every client; messages with the same key coalesce. */
    public void publish(String key, String event, String data) {
        for (SseClient c : clients) {
            dropped += c.offer(key, event, data);
        }
    }

    private void tick() {
        long t = System.nanoTime();
        double elapsed = (t - lastTick) / 1e9;
        lastTick = t;
        if (!clients.isEmpty() && t - lastFleetCheck >= FLEET_EVERY_NANOS) {
            lastFleetCheck = t;
            String f = fleet.get();
            if (!f.equals(lastFleet)) {
                lastFleet = f;
                publish("fleet", "fleet", f);
            }
        }
        long now = System.currentTimeMillis();
        clients.removeIf(c -> {
            if (c.flush(now, elapsed, STUCK_MS, this)) {
                return false;
            }
            c.close();
            disconnected++;
            return true;
        });
    }

    SseClient.Message snapshot() {
        return new SseClient.Message("snapshot", snapshot.get());
    }

    long nextId() {
        return ++nextId;
    }

    public int clients() {
        return clients.size();
    }

    /** Messages dropped for clients that could not keep up. */
    public long dropped() {
        return dropped;
    }

    /** Clients dropped because they were gone or stuck. */
    public long disconnected() {
        return disconnected;
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        vertx.cancelTimer(keepAliveTimer);
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
