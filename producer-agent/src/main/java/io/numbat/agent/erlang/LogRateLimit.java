package io.numbat.agent.erlang;

/**
 * The agent's own bound on one node's LOG events, behind the handler's on the node: a token bucket that refills at
 * {@code perSecond} and holds twice that, so everything a well-behaved handler sends (at most {@code perSecond} in
 * each one-second window) passes, and a node that floods the agent's mailbox is cut to that rate. What it drops is
 * counted and handed to the next event it admits.
 */
final class LogRateLimit {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;
    private long dropped;

    LogRateLimit(int perSecond, long nowNanos) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("perSecond must be > 0, was " + perSecond);
        }
        this.perNano = perSecond / 1e9;
        this.capacity = 2.0 * perSecond;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /**
     * Whether an event at {@code nowNanos} may go: the number of events dropped since the last one admitted (0 or
     * more, then reset), or -1 when this one is dropped (and counted).
     */
    long admit(long nowNanos) {
        tokens = Math.min(capacity, tokens + Math.max(0, nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens < 1) {
            dropped++;
            return -1;
        }
        tokens -= 1;
        long d = dropped;
        dropped = 0;
        return d;
    }

    /** Events dropped and not yet handed on. */
    long pendingDropped() {
        return dropped;
    }
}
