package io.numbat.agent.fleet;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated BEAM node: gauges that wander around a level set by the family's load, counters
 * that only grow, and the node's limits. Deterministic for a given seed and sequence of ticks.
 */
final class SimulatedNode {
    static final double PROCESS_LIMIT = 262_144;
    static final double PORT_LIMIT = 65_536;
    static final double ATOM_LIMIT = 1_048_576;
    static final double ETS_LIMIT = 8_192;

    private final String node;
    private final String family;
    private final SplittableRandom random;
    private long sequence;
    private double reductions;
    private double contextSwitches;
    private final double baseProcesses;
    private final double baseAtoms;

    SimulatedNode(String node, String family, long seed) {
        this.node = node;
        this.family = family;
        this.random = new SplittableRandom(seed);
        this.baseProcesses = 800 + random.nextInt(400);
        this.baseAtoms = 18_000 + random.nextInt(2_000);
    }

    String node() {
        return node;
    }

    String family() {
        return family;
    }

    /** The next batch, with scheduler utilisation around {@code load} (0..1). */
    MetricBatch tick(long timestampMillis, double load, double intervalSeconds) {
        double utilisation = clamp(load + random.nextGaussian() * 0.03, 0, 1);
        double processes = baseProcesses * (1 + utilisation) + random.nextInt(50);
        double memory = 40e6 + processes * 2_800 + random.nextInt(1_000_000);
        reductions += utilisation * 4e6 * intervalSeconds;
        contextSwitches += utilisation * 2e4 * intervalSeconds;
        List<Sample> samples = new ArrayList<>(12);
        add(samples, MetricId.SCHEDULER_UTILISATION, utilisation);
        add(samples, MetricId.PROCESS_COUNT, Math.round(processes));
        add(samples, MetricId.PORT_COUNT, 40 + random.nextInt(10));
        add(samples, MetricId.ATOM_COUNT, baseAtoms);
        add(samples, MetricId.ETS_COUNT, 60 + random.nextInt(5));
        add(samples, MetricId.MEMORY_TOTAL, Math.round(memory));
        add(samples, MetricId.MEMORY_PROCESSES, Math.round(processes * 2_800));
        add(samples, MetricId.RUN_QUEUE, Math.max(0, Math.round((utilisation - 0.7) * 40 + random.nextGaussian())));
        add(samples, MetricId.REDUCTIONS, Math.round(reductions));
        add(samples, MetricId.CONTEXT_SWITCHES, Math.round(contextSwitches));
        add(samples, MetricId.MAX_MESSAGE_QUEUE, random.nextInt(5));
        List<Sample> limits = List.of(
                new Sample(MetricId.PROCESS_COUNT.id(), PROCESS_LIMIT),
                new Sample(MetricId.PORT_COUNT.id(), PORT_LIMIT),
                new Sample(MetricId.ATOM_COUNT.id(), ATOM_LIMIT),
                new Sample(MetricId.ETS_COUNT.id(), ETS_LIMIT));
        return new MetricBatch(node, family, java.time.Instant.ofEpochMilli(timestampMillis), sequence++, samples, limits);
    }

    private static void add(List<Sample> samples, MetricId metric, double value) {
        samples.add(new Sample(metric.id(), value));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
