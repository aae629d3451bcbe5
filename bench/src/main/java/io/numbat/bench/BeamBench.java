package io.numbat.bench;

import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangCollector;
import io.numbat.agent.erlang.ErlangRpcException;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.agent.erlang.TopQueues;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cost of collecting a real BEAM node: a local {@code erl} node with 1,000 and then 100,000 idle
 * processes, ticks collected back to back by the agent's {@link ErlangCollector}. Per tick: wall time
 * in the agent, the top-queues call alone, and the reductions the tick cost the node (the node's
 * {@code statistics(exact_reductions)} over the ticks minus the same over an idle period as long).
 */
@Command(name = "beam", mixinStandardHelpOptions = true,
        description = "Collection cost on a real erl node with 1,000 and 100,000 processes: ms per tick, top-queues ms, "
                + "reductions per tick. Needs erl and Erlang's JInterface.")
final class BeamBench implements Callable<Integer> {
    @Option(names = "--ticks", defaultValue = "40", description = "Measured ticks per size (default ${DEFAULT-VALUE}).")
    int ticks;

    @Option(names = "--small", defaultValue = "1000", description = "Processes of the small node (default ${DEFAULT-VALUE}).")
    int small;

    @Option(names = "--large", defaultValue = "100000", description = "Processes of the large node (default ${DEFAULT-VALUE}).")
    int large;

    private record Figures(double msPerTick, double p50, double max, double topQueuesMs, double reductionsPerTick,
                           long probeReductions) {
    }

    @Override
    public Integer call() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        if (why.isPresent()) {
            System.err.println("numbat: error: bench beam cannot run: " + why.get());
            return 1;
        }
        String cookie = UUID.randomUUID().toString();
        try (LocalErlangNode node = LocalErlangNode.start("numbat_bench", cookie)) {
            ErlangCollector collector = new ErlangCollector(node.name(), "bench", Cookie.of(cookie),
                    ErlangSettings.defaults(Duration.ofSeconds(10)));
            collector.connect();
            long base = node.spawnIdle(0);
            node.spawnIdle((int) Math.max(0, small - base));
            Figures s = measure(node, collector, small);
            node.spawnIdle((int) Math.max(0, large - node.spawnIdle(0)));
            Figures l = measure(node, collector, large);
            collector.close();
            System.out.printf(Locale.ROOT, "RESULT beam ms_per_tick_1k=%.2f ms_per_tick_100k=%.2f top_queues_ms_100k=%.2f "
                    + "reductions_per_tick=%.0f%n", s.msPerTick, l.msPerTick, l.topQueuesMs, l.reductionsPerTick);
        }
        return 0;
    }

    private Figures measure(LocalErlangNode node, ErlangCollector collector, int processes)
            throws ErlangRpcException, InterruptedException {
        for (int i = 0; i < 10; i++) {
            tick(collector); // warm-up (JIT, the probe's first calls)
        }
        double[] ms = new double[ticks];
        double topMs = 0;
        long r0 = node.exactReductions();
        long t0 = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            long start = System.nanoTime();
            tick(collector);
            ms[i] = (System.nanoTime() - start) / 1e6;
            topMs += collector.lastTopQueuesMillis();
        }
        long elapsed = System.nanoTime() - t0;
        long r1 = node.exactReductions();
        long i0 = node.exactReductions();
        Thread.sleep(Math.max(1, elapsed / 1_000_000));
        long i1 = node.exactReductions();
        double perTick = ((r1 - r0) - (i1 - i0)) / (double) ticks;
        long probe = collector.topQueues().map(TopQueues::reductions).orElse(-1L);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        Figures f = new Figures(Arrays.stream(ms).average().orElseThrow(), sorted[sorted.length / 2],
                sorted[sorted.length - 1], topMs / ticks, perTick, probe);
        System.out.printf(Locale.ROOT, "%,d processes: %.2f ms per tick (p50 %.2f, max %.2f), top queues %.2f ms, "
                        + "%.0f reductions per tick on the node (%d of them the top-queues scan), idle baseline %d reductions%n",
                node.spawnIdle(0), f.msPerTick, f.p50, f.max, f.topQueuesMs, f.reductionsPerTick, probe, i1 - i0);
        return f;
    }

    private static void tick(ErlangCollector collector) {
        if (collector.collect(System.currentTimeMillis()).isEmpty()) {
            throw new IllegalStateException("collection failed: " + collector.lastFailure());
        }
    }
}
