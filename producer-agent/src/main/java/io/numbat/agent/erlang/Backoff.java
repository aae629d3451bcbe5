package io.numbat.agent.erlang;

import java.time.Duration;

/** Exponential reconnect (and re-scrape) delays: 500 ms, 1 s, 2 s ... up to a maximum; {@link #reset()} after a success. */
public final class Backoff {
    private static final long FIRST_MS = 500;
    private final long maxMs;
    private long nextMs = FIRST_MS;

    public Backoff(Duration max) {
        this.maxMs = Math.max(FIRST_MS, max.toMillis());
    }

    /** The delay before the next attempt; doubles each call. */
    public long nextMillis() {
        long d = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return d;
    }

    public void reset() {
        nextMs = FIRST_MS;
    }
}
