package io.numbat.bench;

import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangCollector;
import io.numbat.agent.erlang.ErlangRpcException;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.agent.erlang.TopProcesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cost of collecting a real BEAM node: a local {@code erl} node grown to 1,000, 100,000 and then 1,000,000 idle
 * processes, ticks collected by the agent's {@link ErlangCollector}. Ticks are spaced so that each gets a fresh
 * top-processes scan (the sampler never starts a scan sooner after the last than that one took). Per tick: wall
 * time in the agent, the top-processes call, the scan's wall time on the node, and the node's CPU time
 * ({@code statistics(runtime)}, all its threads) and reductions ({@code statistics(exact_reductions)}) over the
 * run, pauses included, minus the same over an idle period (up to 20 s, scaled to the run).
 */
@Command(
        name = "beam",
        mixinStandardHelpOptions = true,
        description =
                "Collection cost on a real erl node with 1,000, 100,000 and 1,000,000 processes: agent ms per tick, "
                        + "node CPU ms per tick, top-processes scan ms, reductions per tick. Needs erl and Erlang's JInterface.")
final class BeamBench implements Callable<Integer> {
    @Option(names = "--ticks", defaultValue = "20", description = "Measured ticks per size (default ${DEFAULT-VALUE}).")
    int ticks;

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "1000,100000,1000000",
            description = "Process counts to grow the node to, in order (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    private record Figures(
            int processes,
            double msPerTick,
            double p50,
            double max,
            double topMs,
            double scanMs,
            double scanMaxMs,
            double cpuMsPerTick,
            double reductionsPerTick,
            double memoryReads,
            double catchUpScanMs,
            int fresh) {}

    @Override
    public Integer call() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        if (why.isPresent()) {
            System.err.println("numbat: error: bench beam cannot run: " + why.get());
            return 1;
        }
        int most = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        String cookie = UUID.randomUUID().toString();
        List<Figures> all = new ArrayList<>();
        try (LocalErlangNode node =
                LocalErlangNode.start("numbat_bench", cookie, "+P", Integer.toString(Math.max(262_144, 2 * most)))) {
            ErlangCollector collector = new ErlangCollector(
                    node.name(), "bench", Cookie.of(cookie), ErlangSettings.defaults(Duration.ofSeconds(10)));
            collector.connect();
            for (int size : sizes) {
                node.spawnIdle((int) Math.max(0, size - node.spawnIdle(0)));
                all.add(measure(node, collector, size));
            }
            collector.close();
        }
        StringBuilder result = new StringBuilder("RESULT beam");
        for (Figures f : all) {
            String k = label(f.processes);
            result.append(String.format(
                    Locale.ROOT,
                    " ms_per_tick_%s=%.2f node_cpu_ms_per_tick_%s=%.1f scan_ms_%s=%.1f",
                    k,
                    f.msPerTick,
                    k,
                    f.cpuMsPerTick,
                    k,
                    f.scanMs));
        }
        System.out.println(result);
        return 0;
    }

    private static String label(int processes) {
        return processes % 1_000_000 == 0
                ? processes / 1_000_000 + "m"
                : processes % 1_000 == 0 ? processes / 1_000 + "k" : Integer.toString(processes);
    }

    private Figures measure(LocalErlangNode node, ErlangCollector collector, int processes)
            throws ErlangRpcException, InterruptedException {
        // the first scan after growing reads the new processes' memory once (the slowest of the warm-up ticks)
        tick(collector);
        double catchUp = 0;
        for (int i = 0; i < 3; i++) {
            pace(collector);
            tick(collector);
            catchUp = Math.max(
                    catchUp,
                    collector.topProcesses().map(t -> t.scanMicros() / 1e3).orElse(0.0));
        }
        double[] ms = new double[ticks];
        double[] scan = new double[ticks];
        double topMs = 0;
        double reads = 0;
        int fresh = 0;
        // the node's cost is counted over the whole run, pauses included, so that a scan still running
        // when its tick returned (a stale answer) is counted too; an idle period gives the baseline
        long c0 = node.runtimeMillis();
        long r0 = node.exactReductions();
        long t0 = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            pace(collector);
            long start = System.nanoTime();
            tick(collector);
            ms[i] = (System.nanoTime() - start) / 1e6;
            topMs += collector.lastTopMillis();
            TopProcesses t = collector.topProcesses().orElseThrow(() -> new IllegalStateException("no top processes"));
            scan[i] = t.scanMicros() / 1e3;
            reads += t.memoryReads();
            fresh += t.fresh() ? 1 : 0;
        }
        pace(collector);
        long cpu = node.runtimeMillis() - c0;
        long reductions = node.exactReductions() - r0;
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        long idleMillis = Math.max(1, Math.min(elapsedMillis, 20_000));
        long i0 = node.exactReductions();
        long ic0 = node.runtimeMillis();
        Thread.sleep(idleMillis);
        double scale = elapsedMillis / (double) idleMillis;
        long idleReductions = Math.round((node.exactReductions() - i0) * scale);
        long idleCpu = Math.round((node.runtimeMillis() - ic0) * scale);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        Figures f = new Figures(
                processes,
                Arrays.stream(ms).average().orElseThrow(),
                sorted[sorted.length / 2],
                sorted[sorted.length - 1],
                topMs / ticks,
                Arrays.stream(scan).average().orElseThrow(),
                Arrays.stream(scan).max().orElseThrow(),
                (cpu - idleCpu) / (double) ticks,
                (reductions - idleReductions) / (double) ticks,
                reads / ticks,
                catchUp,
                fresh);
        System.out.printf(
                Locale.ROOT,
                "%,d processes: agent %.2f ms per tick (p50 %.2f, max %.2f), of which the top-processes "
                        + "call %.2f ms; node: %.1f ms CPU and %.0f reductions per tick; scan %.1f ms wall on the node (max %.1f), "
                        + "%.1f memory reads per scan, %d of %d scans fresh; first scan after growing %.1f ms; idle baseline "
                        + "%d ms CPU, %d reductions%n",
                node.spawnIdle(0),
                f.msPerTick,
                f.p50,
                f.max,
                f.topMs,
                f.cpuMsPerTick,
                f.reductionsPerTick,
                f.scanMs,
                f.scanMaxMs,
                f.memoryReads,
                f.fresh,
                ticks,
                f.catchUpScanMs,
                idleCpu,
                idleReductions);
        return f;
    }

    /**
     * Waits until the sampler will scan again at the next tick: the last scan may still be running (a tick waits
     * for it 1 s at most), and the next starts no sooner after it than it took.
     */
    private static void pace(ErlangCollector collector) throws InterruptedException {
        long last = collector.topProcesses().map(t -> t.scanMicros() / 1_000).orElse(0L);
        Thread.sleep(Math.max(100, 2 * last + last / 5 + 50));
    }

    private static void tick(ErlangCollector collector) {
        if (collector.collect(System.currentTimeMillis()).isEmpty()) {
            throw new IllegalStateException("collection failed: " + collector.lastFailure());
        }
    }
}
