package io.numbat.bench;

import java.util.Locale;

/**
 * What one {@code numbat agent} process used over a measured window: CPU seconds (all its threads, from /proc),
 * resident memory (sampled every second: mean and highest), the batches Kafka acknowledged and the collections
 * the agent timed (their count and total wall time), and the machine's load average at both ends.
 *
 * @param nodes           BEAM nodes the agent watched (0: the baseline, its own JVM only)
 * @param seconds         length of the window
 * @param cpuSeconds      CPU time the process used in the window
 * @param rssMeanMb       resident memory, mean of the samples
 * @param rssMaxMb        resident memory, highest sample
 * @param batches         metric batches acknowledged in the window
 * @param collections     node collections in the window
 * @param collectSeconds  their total wall time in the agent
 * @param loadStart       1-minute load average when the window began
 * @param loadEnd         1-minute load average when it ended
 */
record AgentWindow(
        int nodes,
        double seconds,
        double cpuSeconds,
        double rssMeanMb,
        double rssMaxMb,
        double batches,
        double collections,
        double collectSeconds,
        double loadStart,
        double loadEnd) {

    /** CPU milliseconds per second of wall time (10 is 1 % of one core). */
    double cpuMsPerSecond() {
        return cpuSeconds * 1000 / seconds;
    }

    /** Wall milliseconds one node's collection took in the agent, mean; 0 without collections. */
    double collectMs() {
        return collections == 0 ? 0 : collectSeconds * 1000 / collections;
    }

    double batchesPerSecond() {
        return batches / seconds;
    }

    /**
     * The share of one watched node, from this window (the agent watching {@link #nodes} nodes) and a baseline
     * (the same agent watching none): the difference divided by the nodes, so the process's fixed cost (the JVM,
     * the Kafka producer, the health server) is not charged to the nodes.
     */
    PerNode perNode(AgentWindow baseline) {
        if (nodes <= 0) {
            throw new IllegalArgumentException("the window watched no node");
        }
        return new PerNode(
                (cpuMsPerSecond() - baseline.cpuMsPerSecond()) / nodes, (rssMaxMb - baseline.rssMaxMb) / nodes);
    }

    /** One watched node's share of the agent: CPU ms per second of wall time, and resident MB. */
    record PerNode(double cpuMsPerSecond, double rssMb) {}

    /** The human-readable line for this window. */
    String describe(String what) {
        return String.format(
                Locale.ROOT,
                "%s: %.0f s, CPU %.2f s (%.2f ms/s, %.2f %% of one core), RSS %.1f MB (mean %.1f), %.1f batches/s, "
                        + "collection %.1f ms per node and tick (%d collections); load average %.2f -> %.2f",
                what,
                seconds,
                cpuSeconds,
                cpuMsPerSecond(),
                cpuMsPerSecond() / 10,
                rssMaxMb,
                rssMeanMb,
                batchesPerSecond(),
                collectMs(),
                Math.round(collections),
                loadStart,
                loadEnd);
    }

    /** {@code RESULT agent ...}: this window against the baseline, {@code interval} the agent's tick in seconds. */
    String result(AgentWindow baseline, double intervalSeconds) {
        PerNode p = perNode(baseline);
        return String.format(
                Locale.ROOT,
                "RESULT agent nodes=%d cpu_ms_per_node_per_s=%.3f cpu_ms_per_node_per_tick=%.2f rss_mb=%.1f "
                        + "rss_mb_per_node=%.2f cpu_ms_per_s=%.2f base_cpu_ms_per_s=%.2f base_rss_mb=%.1f "
                        + "collect_ms_per_node=%.2f batches_per_s=%.2f load1=%.2f",
                nodes,
                p.cpuMsPerSecond(),
                p.cpuMsPerSecond() * intervalSeconds,
                rssMaxMb,
                p.rssMb(),
                cpuMsPerSecond(),
                baseline.cpuMsPerSecond(),
                baseline.rssMaxMb,
                collectMs(),
                batchesPerSecond(),
                Math.max(loadStart, loadEnd));
    }
}
