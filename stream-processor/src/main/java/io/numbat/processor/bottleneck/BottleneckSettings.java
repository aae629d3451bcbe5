package io.numbat.processor.bottleneck;

import java.time.Duration;

/**
 * Thresholds of the {@code bottleneck} alarms, validated on construction.
 *
 * @param ticks consecutive ticks a condition must hold to raise an alarm, and to clear it
 * @param queueMin a growing mailbox raises only once it holds at least this many messages
 * @param reductionsShare share of the node's reductions one process type must take to raise
 * @param reductionsMinPerSecond ... and at least this many reductions per second (on an idle node the
 *                               collector's own scan can be most of the little work there is)
 * @param memoryShare share of the node's process memory one process must hold to raise
 * @param memoryMinBytes ... and at least this many bytes (a small node's largest process is often a big share)
 * @param clearFactor a share clears once it is below its threshold times this, for {@code ticks} ticks
 * @param familyQuorum a family alarm rises when one process type is the culprit on this share of the
 *                     family's nodes (and on at least {@code familyMinNodes}); it clears below
 *                     {@code familyQuorum * clearFactor}
 * @param familyMinNodes ... and on at least this many nodes
 * @param familyEvery how often (batch time) each node tells its family what it blames, even when nothing
 *                    changed; a node silent for three times this is forgotten by its family
 */
public record BottleneckSettings(
        int ticks,
        long queueMin,
        double reductionsShare,
        double reductionsMinPerSecond,
        double memoryShare,
        long memoryMinBytes,
        double clearFactor,
        double familyQuorum,
        int familyMinNodes,
        Duration familyEvery) {

    public BottleneckSettings {
        if (ticks < 1) {
            throw new IllegalArgumentException("processor.bottleneck.ticks must be >= 1, was " + ticks);
        }
        if (queueMin < 1) {
            throw new IllegalArgumentException("processor.bottleneck.queue-min must be >= 1, was " + queueMin);
        }
        checkShare(reductionsShare, "processor.bottleneck.reductions-share");
        if (!(reductionsMinPerSecond >= 0)) {
            throw new IllegalArgumentException(
                    "processor.bottleneck.reductions-min-per-second must be >= 0, was " + reductionsMinPerSecond);
        }
        checkShare(memoryShare, "processor.bottleneck.memory-share");
        if (!(familyQuorum > 0 && familyQuorum < 1)) {
            throw new IllegalArgumentException(
                    "processor.bottleneck.family-quorum must be in (0, 1), was " + familyQuorum);
        }
        if (memoryMinBytes < 0) {
            throw new IllegalArgumentException(
                    "processor.bottleneck.memory-min-bytes must be >= 0, was " + memoryMinBytes);
        }
        if (!(clearFactor > 0 && clearFactor < 1)) {
            throw new IllegalArgumentException(
                    "processor.bottleneck.clear-factor must be in (0, 1), was " + clearFactor);
        }
        if (familyMinNodes < 1) {
            throw new IllegalArgumentException(
                    "processor.bottleneck.family-min-nodes must be >= 1, was " + familyMinNodes);
        }
        if (familyEvery == null || familyEvery.isNegative() || familyEvery.isZero()) {
            throw new IllegalArgumentException(
                    "processor.bottleneck.family-every must be a positive duration, was " + familyEvery);
        }
    }

    private static void checkShare(double share, String key) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException(key + " must be in (0, 1], was " + share);
        }
    }

    /**
     * 3 ticks; a mailbox of 100 messages or more that grew at each; half the reductions and at least 500,000
     * a second (an eighth of a scheduler by the simulator's measure); half the process
     * memory and at least 16 MiB; clear under 80 % of the threshold; a family alarm on half the family's
     * nodes (at least 2), clearing under 40 %; each node reports to its family every minute.
     */
    public static BottleneckSettings defaults() {
        return new BottleneckSettings(3, 100, 0.5, 500_000, 0.5, 16L << 20, 0.8, 0.5, 2, Duration.ofMinutes(1));
    }

    public BottleneckSettings withTicks(int n) {
        return new BottleneckSettings(
                n,
                queueMin,
                reductionsShare,
                reductionsMinPerSecond,
                memoryShare,
                memoryMinBytes,
                clearFactor,
                familyQuorum,
                familyMinNodes,
                familyEvery);
    }

    public BottleneckSettings withShares(double reductions, double memory, long minBytes) {
        return new BottleneckSettings(
                ticks,
                queueMin,
                reductions,
                reductionsMinPerSecond,
                memory,
                minBytes,
                clearFactor,
                familyQuorum,
                familyMinNodes,
                familyEvery);
    }

    public BottleneckSettings withQueueMin(long min) {
        return new BottleneckSettings(
                ticks,
                min,
                reductionsShare,
                reductionsMinPerSecond,
                memoryShare,
                memoryMinBytes,
                clearFactor,
                familyQuorum,
                familyMinNodes,
                familyEvery);
    }

    public BottleneckSettings withFamily(double quorum, int minNodes, Duration every) {
        return new BottleneckSettings(
                ticks,
                queueMin,
                reductionsShare,
                reductionsMinPerSecond,
                memoryShare,
                memoryMinBytes,
                clearFactor,
                quorum,
                minNodes,
                every);
    }
}
