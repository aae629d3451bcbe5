package io.numbat.agent.erlang;

import java.time.Duration;

/**
 * How the agent talks to BEAM nodes.
 *
 * @param interval         collection tick
 * @param rpcTimeout       an RPC without an answer after this marks the node down
 * @param connectTimeout   epmd lookup + TCP + handshake
 * @param liveness         how often an idle connection is checked between ticks
 * @param maxBackoff       reconnect attempts back off exponentially from 500 ms up to this
 * @param topQueues        how many of the longest message queues each tick reports
 */
public record ErlangSettings(Duration interval, Duration rpcTimeout, Duration connectTimeout, Duration liveness,
                             Duration maxBackoff, int topQueues) {
    public ErlangSettings {
        if (interval.isNegative() || interval.isZero() || rpcTimeout.isZero() || liveness.isZero()) {
            throw new IllegalArgumentException("interval, RPC timeout and liveness must be positive");
        }
        if (topQueues < 0) {
            throw new IllegalArgumentException("topQueues must be >= 0");
        }
    }

    /** Down within 5 s: a liveness check every second, an RPC timeout of 2 s, a 2 s connect timeout. */
    public static ErlangSettings defaults(Duration interval) {
        return new ErlangSettings(interval, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(30), 5);
    }
}
