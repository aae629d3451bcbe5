package io.numbat.processor.bottleneck;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Batches with top process lists, for the bottleneck tests: a steady cast plus whatever a test adds. */
public final class Batches {
    public static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    public static final long TICK = 10_000;
    /** Reductions a steady node does per tick. */
    public static final long NODE_REDUCTIONS = 20_000_000;
    /** A steady node's process memory. */
    public static final double PROCESS_MEMORY = 400e6;

    private final String node;
    private final String family;
    private final SplittableRandom random;
    private double counter = 1e9;
    private long sequence;

    public Batches(String node, String family, long seed) {
        this.node = node;
        this.family = family;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Tick {@code i}: the steady cast (ten processes, none over 8 % of the reductions or 3 % of the memory,
     * a few messages in some mailboxes), plus {@code extra} processes, whose reductions are added to the
     * node's and whose memory to its process memory.
     */
    public MetricBatch tick(int i, ProcessQueue... extra) {
        List<ProcessQueue> cast = new ArrayList<>();
        long reductions = 0;
        double memory = PROCESS_MEMORY;
        for (int k = 0; k < 10; k++) {
            long r = Math.round(NODE_REDUCTIONS * (0.02 + 0.06 * random.nextDouble()));
            cast.add(new ProcessQueue(
                    k < 4 ? "cowboy_clear:connection_process/4" : "worker_" + k,
                    "<0." + (100 + k) + ".0>",
                    (long) random.nextInt(5),
                    "gen_server:loop/7",
                    r,
                    Math.round(PROCESS_MEMORY * 0.03 * random.nextDouble())));
        }
        for (ProcessQueue p : extra) {
            cast.add(p);
            reductions += p.getReductions();
            memory += p.getMemory();
        }
        counter += NODE_REDUCTIONS + reductions;
        long t = T0 + i * TICK;
        return MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(sequence++)
                .setSamples(List.of(
                        new Sample(MetricId.REDUCTIONS.id(), counter),
                        new Sample(MetricId.MEMORY_PROCESSES.id(), memory)))
                .setQueues(top(cast, ProcessQueue::getLength, true))
                .setTopReductions(top(cast, ProcessQueue::getReductions, true))
                .setTopMemory(top(cast, ProcessQueue::getMemory, false))
                .setTopWindowMillis(TICK)
                .build();
    }

    private static List<ProcessQueue> top(
            List<ProcessQueue> all, java.util.function.ToLongFunction<ProcessQueue> by, boolean skipZero) {
        return all.stream()
                .filter(p -> !skipZero || by.applyAsLong(p) > 0)
                .sorted(java.util.Comparator.comparingLong(by).reversed())
                .limit(10)
                .toList();
    }
}
