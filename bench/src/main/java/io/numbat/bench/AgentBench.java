package io.numbat.bench;

import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.platform.cli.DurationConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The agent's cost per watched node: {@code --nodes} real {@code erl} nodes in one cluster, {@code numbat agent
 * --discover} from its seed in a child JVM publishing to the embedded platform (another child), and that agent's CPU
 * time and resident memory over {@code --duration}, after every node has been collected and a warm-up. A baseline
 * window first measures the same agent watching no BEAM node (only its own JVM, {@code --jvm}), while the nodes
 * already run, so the per-node share leaves out the process's fixed cost.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "CPU and resident memory of one 'numbat agent --discover' per watched real erl node: N nodes in "
                + "one cluster, the agent in a child JVM publishing to the embedded platform, against a baseline agent "
                + "watching none. Needs erl and Erlang's JInterface.")
final class AgentBench implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "10", description = "Real erl nodes to watch (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Measured window, for the baseline and for the nodes each (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Left out after the agent is ready (baseline) or has collected every node (default "
                    + "${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--interval",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "The agent's collection interval (default ${DEFAULT-VALUE}, the agent's own default).")
    Duration interval;

    @Option(
            names = "--agent-java-options",
            paramLabel = "OPTIONS",
            defaultValue = "-Xms64m -XX:+UseSerialGC",
            description = "The agent JVM's options, space-separated (default '${DEFAULT-VALUE}', as ./numbat runs it "
                    + "without NUMBAT_JAVA_OPTS).")
    String agentJavaOptions;

    @Override
    public Integer call() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        if (why.isPresent()) {
            System.err.println("numbat: error: bench agent cannot run: " + why.get());
            return 1;
        }
        if (nodes < 1) {
            System.err.println("numbat: error: --nodes must be at least 1, was " + nodes);
            return 1;
        }
        Path dir = BenchDirectory.create();
        List<String> jvm = Arrays.asList(agentJavaOptions.trim().split("\\s+"));
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                loadAverages());
        try (NumbatProcess platform = NumbatProcess.platform(dir.resolve("platform"));
                LocalErlangCluster cluster = LocalErlangCluster.start("bench_agent", nodes)) {
            System.out.printf(
                    Locale.ROOT,
                    "%d erl nodes in one cluster, seed %s%n",
                    cluster.size(),
                    cluster.seed().name());
            List<String> kafka = List.of(
                    "--bootstrap-servers",
                    platform.connection().bootstrapServers(),
                    "--schema-registry",
                    platform.connection().schemaRegistryUrl(),
                    "--interval",
                    interval.toMillis() + "ms",
                    "--http-port",
                    "0");
            AgentWindow baseline;
            try (NumbatProcess agent = agent(dir.resolve("agent-baseline"), jvm, kafka, List.of("--jvm"))) {
                awaitCollected(agent, 1);
                baseline = measure(agent, 0);
            }
            System.out.println(baseline.describe("baseline, no BEAM node (the agent's own JVM, --jvm)"));
            Path cookie = cluster.writeCookie(Files.createDirectories(dir.resolve("cookie")));
            AgentWindow watched;
            try (NumbatProcess agent = agent(
                    dir.resolve("agent-nodes"),
                    jvm,
                    kafka,
                    List.of(
                            "--erlang-node",
                            cluster.seed().name(),
                            "--cookie-file",
                            cookie.toString(),
                            "--discover"))) {
                awaitCollected(agent, nodes);
                watched = measure(agent, nodes);
            }
            System.out.println(watched.describe(nodes + " nodes, --discover from one seed"));
            AgentWindow.PerNode p = watched.perNode(baseline);
            System.out.printf(
                    Locale.ROOT,
                    "per watched node (%d nodes, interval %.1f s): %.3f ms CPU per second (%.2f ms per tick, %.3f %% of one "
                            + "core), %.2f MB resident%n",
                    nodes,
                    interval.toMillis() / 1000.0,
                    p.cpuMsPerSecond(),
                    p.cpuMsPerSecond() * interval.toMillis() / 1000.0,
                    p.cpuMsPerSecond() / 10,
                    p.rssMb());
            System.out.println(watched.result(baseline, interval.toMillis() / 1000.0));
        }
        return 0;
    }

    private static NumbatProcess agent(Path logDir, List<String> jvm, List<String> common, List<String> watch)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("agent", "--data-dir", logDir.toString()));
        args.addAll(common);
        args.addAll(watch);
        return NumbatProcess.start(logDir, jvm, args.toArray(String[]::new));
    }

    /** Waits until the agent has collected {@code n} nodes, then for the warm-up. */
    private void awaitCollected(NumbatProcess agent, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime()
                + Duration.ofSeconds(60).plus(interval.multipliedBy(3)).toNanos()
                + Duration.ofSeconds(n).toNanos();
        int seen = 0;
        while (seen < n) {
            seen = AgentMeters.read(agent.printed("health")).nodesCollected().size();
            if (System.nanoTime() > deadline) {
                throw new IOException("the agent collected " + seen + " of " + n + " nodes in time");
            }
            Thread.sleep(1000);
        }
        Thread.sleep(warmup.toMillis());
    }

    /** The agent's CPU, memory and meters over {@code --duration}, its memory sampled every second. */
    private AgentWindow measure(NumbatProcess agent, int watched) throws IOException, InterruptedException {
        String health = agent.printed("health");
        double load0 = load1();
        AgentMeters m0 = AgentMeters.read(health);
        double cpu0 = agent.cpuSeconds();
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        double rssSum = 0;
        double rssMax = 0;
        int samples = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            double rss = agent.rssMb();
            rssSum += rss;
            rssMax = Math.max(rssMax, rss);
            samples++;
        }
        double cpu1 = agent.cpuSeconds();
        double seconds = (System.nanoTime() - t0) / 1e9;
        AgentMeters m1 = AgentMeters.read(health);
        if (cpu0 < 0 || cpu1 < 0 || rssMax <= 0) {
            throw new IOException("cannot read the agent's CPU time or memory from /proc");
        }
        return new AgentWindow(
                watched,
                seconds,
                cpu1 - cpu0,
                rssSum / samples,
                rssMax,
                m1.batchesSent() - m0.batchesSent(),
                m1.collections() - m0.collections(),
                m1.collectSeconds() - m0.collectSeconds(),
                load0,
                load1());
    }

    private static String loadAverages() {
        try {
            return String.join(
                    " ",
                    Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" "))
                            .subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
