package io.numbat.bench;

import java.time.Duration;

/**
 * The offered load of each capacity step: {@code nodes} nodes of {@code metrics} metrics, ticking
 * every {@code start} at step 0 and {@code factor} times as often at each following step (the
 * interval is divided by {@code factor}, rounded to the millisecond), for at most {@code maxSteps}
 * steps or until the interval would fall below 1 ms.
 */
record CapacitySchedule(int nodes, int metrics, Duration start, double factor, int maxSteps) {
    CapacitySchedule {
        if (nodes < 1 || metrics < 1) {
            throw new IllegalArgumentException("nodes and metrics must be >= 1, were " + nodes + " and " + metrics);
        }
        if (!(factor > 1)) {
            throw new IllegalArgumentException("the load factor per step must be > 1, was " + factor);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("max steps must be >= 1, was " + maxSteps);
        }
        if (start.toMillis() < 1) {
            throw new IllegalArgumentException("the first interval must be >= 1 ms, was " + start);
        }
    }

    /** Steps to run: {@code maxSteps}, fewer if the interval would fall below 1 ms. */
    int steps() {
        int n = 0;
        while (n < maxSteps && start.toMillis() / Math.pow(factor, n) >= 1) {
            n++;
        }
        return n;
    }

    /** The tick interval of step {@code step} (0 is the first). */
    Duration interval(int step) {
        if (step < 0 || step >= steps()) {
            throw new IllegalArgumentException("step " + step + " of " + steps());
        }
        return Duration.ofMillis(Math.round(start.toMillis() / Math.pow(factor, step)));
    }

    /** Samples per second offered at step {@code step}. */
    double offeredPerSecond(int step) {
        return nodes * (double) metrics * 1000.0 / interval(step).toMillis();
    }

    /** Batches published per tick: one per node. */
    long batchesPerTick() {
        return nodes;
    }

    /**
     * How much the lag may grow in a step that keeps up, in batches: those offered in one tick, or in
     * one {@code commitInterval} of the processor if that is longer, since the committed offsets the
     * lag is read from only move at each commit.
     */
    long lagLimit(int step, Duration commitInterval) {
        return Math.max(
                nodes,
                Math.round(nodes
                        * (double) commitInterval.toMillis()
                        / interval(step).toMillis()));
    }
}
