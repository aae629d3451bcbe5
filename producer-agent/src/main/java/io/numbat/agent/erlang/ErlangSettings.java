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
 * @param topProcesses     how many processes each tick reports per measure (reductions, memory, message queue);
 *                         0 turns the scan off
 * @param schedulerUtilisation whether to hold {@code scheduler_wall_time} on the node (the {@code numbat_probe}
 *                         module) for the scheduler utilisation; off, the node's code is left alone unless the top
 *                         processes are on
 * @param logEventsPerSecond at most this many of a node's error log events a second become LOG node events (the
 *                         {@code numbat_log} logger handler installed on the node); 0 leaves the node's logger alone
 */
public record ErlangSettings(
        Duration interval,
        Duration rpcTimeout,
        Duration connectTimeout,
        Duration liveness,
        Duration maxBackoff,
        int topProcesses,
        boolean schedulerUtilisation,
        int logEventsPerSecond) {
    /** The top 10 by each measure, as etop shows. */
    public static final int DEFAULT_TOP_PROCESSES = 10;
    /** Ten error log events a second per node: an incident's first lines, never a flood. */
    public static final int DEFAULT_LOG_EVENTS_PER_SECOND = 10;

    public ErlangSettings {
        if (interval.isNegative() || interval.isZero() || rpcTimeout.isZero() || liveness.isZero()) {
            throw new IllegalArgumentException("interval, RPC timeout and liveness must be positive");
        }
        if (topProcesses < 0) {
            throw new IllegalArgumentException("topProcesses must be >= 0");
        }
        if (logEventsPerSecond < 0) {
            throw new IllegalArgumentException("logEventsPerSecond must be >= 0");
        }
    }

    /** With log events at the default rate. */
    public ErlangSettings(
            Duration interval,
            Duration rpcTimeout,
            Duration connectTimeout,
            Duration liveness,
            Duration maxBackoff,
            int topProcesses,
            boolean schedulerUtilisation) {
        this(
                interval,
                rpcTimeout,
                connectTimeout,
                liveness,
                maxBackoff,
                topProcesses,
                schedulerUtilisation,
                DEFAULT_LOG_EVENTS_PER_SECOND);
    }

    /** All collectors on ({@code schedulerUtilisation} true). */
    public ErlangSettings(
            Duration interval,
            Duration rpcTimeout,
            Duration connectTimeout,
            Duration liveness,
            Duration maxBackoff,
            int topProcesses) {
        this(interval, rpcTimeout, connectTimeout, liveness, maxBackoff, topProcesses, true);
    }

    /** These settings with another interval and other collectors. */
    public ErlangSettings with(Duration interval, int topProcesses, boolean schedulerUtilisation) {
        return new ErlangSettings(
                interval,
                rpcTimeout,
                connectTimeout,
                liveness,
                maxBackoff,
                topProcesses,
                schedulerUtilisation,
                logEventsPerSecond);
    }

    /** These settings with another bound on log events (0: none). */
    public ErlangSettings withLogEvents(int perSecond) {
        return new ErlangSettings(
                interval,
                rpcTimeout,
                connectTimeout,
                liveness,
                maxBackoff,
                topProcesses,
                schedulerUtilisation,
                perSecond);
    }

    /**
     * How long a tick waits for the top-processes scan before it takes the last completed one: half the RPC
     * timeout, so a slow scan never makes the node look down.
     */
    public Duration topWait() {
        return rpcTimeout.dividedBy(2);
    }

    /** Down within 5 s: a liveness check every second, an RPC timeout of 2 s, a 2 s connect timeout. */
    public static ErlangSettings defaults(Duration interval) {
        return new ErlangSettings(
                interval,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                DEFAULT_TOP_PROCESSES);
    }
}
