package io.numbat.deployer.provider.shell;

import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.provider.NodeAttacher;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.ProviderException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops nodes as OS processes through {@link Shell}s, one per host: the local provider has one,
 * the ssh provider one per remote host. New nodes go to the host with the fewest of this provider's nodes
 * (the first such host in configuration order). The shell work runs on a worker pool of
 * {@link ShellOptions#parallelism()} threads, never on the event loop; that pool also bounds how many
 * nodes start at once. Which node runs where (host and pid) is kept in memory; a node this process does not
 * know (launched before a restart) is found for a stop by its pid file, checked against the process's
 * {@code NUMBAT_NODE}.
 */
public class ShellNodeProvider implements NodeProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShellNodeProvider.class);
    /** Slack for the shell round trip on top of the script's own time-outs. */
    private static final Duration SLACK = Duration.ofSeconds(30);

    /** How a stop ended. */
    public enum StopOutcome {
        /** The node exited after SIGTERM ({@code init:stop()} for Erlang) within the stop time-out. */
        GRACEFUL,
        /** The node outlived the stop time-out and was killed (SIGKILL). */
        FORCED,
        /** The node's process had already exited. */
        GONE
    }

    /** A node this provider launched: where and as which process. */
    public record Launched(String node, String family, Shell host, long pid, Optional<String> erlangName) {}

    private final String name;
    private final List<Shell> hosts;
    private final ShellOptions options;
    private final Map<String, FamilyConfig> families;
    private final NodeAttacher attacher;
    private final WorkerExecutor workers;
    /** Launched nodes, plus reservations (pid 0) for nodes being started. */
    private final Map<String, Launched> nodes = new ConcurrentHashMap<>();

    protected ShellNodeProvider(String name, List<Shell> hosts, ShellOptions options, ProviderContext ctx) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("provider " + name + ": no hosts");
        }
        this.name = name;
        this.hosts = List.copyOf(hosts);
        this.options = options;
        this.families = ctx.families();
        this.attacher = ctx.attacher();
        Duration longest =
                options.startTimeout().plus(options.stopTimeout()).plus(SLACK).plus(SLACK);
        this.workers = ctx.vertx()
                .createSharedWorkerExecutor(
                        "numbat-provider-" + name, options.parallelism(), longest.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Void> start(NodeSpec spec) {
        return workers.executeBlocking(
                () -> {
                    launch(spec);
                    return null;
                },
                false);
    }

    @Override
    public Future<Void> stop(String node) {
        return stopNode(node).mapEmpty();
    }

    /** Stops {@code node} and says how: gracefully, forced after the stop time-out, or already gone. */
    public Future<StopOutcome> stopNode(String node) {
        return workers.executeBlocking(() -> halt(node), false);
    }

    /** Every node this provider has launched and not stopped. */
    public List<String> launchedNodes() {
        return List.copyOf(nodes.keySet());
    }

    /** The node's host, pid and Erlang name, while it is launched. */
    public Optional<Launched> launched(String node) {
        return Optional.ofNullable(nodes.get(node)).filter(l -> l.pid() > 0);
    }

    /** How many of this provider's nodes (launched or starting) each host holds, in configuration order. */
    public Map<String, Integer> nodesPerHost() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        hosts.forEach(h -> counts.put(h.host(), 0));
        nodes.values().forEach(l -> counts.merge(l.host().host(), 1, Integer::sum));
        return counts;
    }

    private void launch(NodeSpec spec) throws IOException {
        FamilyConfig family = families.get(spec.family());
        if (family == null) {
            throw new ProviderException("provider " + name + ": unknown family " + spec.family() + " for node "
                    + spec.node() + " (known: " + String.join(", ", new TreeMap<>(families).keySet()) + ")");
        }
        Shell host = reserve(spec);
        try {
            Optional<String> cookie = family.run().erlang() && family.cookieFile() != null
                    ? Optional.of(Cookies.read(Path.of(family.cookieFile())))
                    : Optional.empty();
            NodeLaunch launch = NodeLaunch.of(spec.node(), family, host.erlangHost(), options.erl(), cookie);
            ShellResult r = host.run(
                    NodeScripts.start(launch, options.workDir(), options.epmd(), options.startTimeout()),
                    launch.stdin(),
                    options.startTimeout().plus(SLACK));
            long pid = r.value("pid").map(Long::parseLong).orElse(0L);
            if (!r.ok() || pid <= 0) {
                throw new ProviderException(where(spec.node(), host) + ": start failed (exit " + r.exitCode() + "): "
                        + launch.redact(r.output().strip()));
            }
            Launched l = new Launched(spec.node(), family.name(), host, pid, launch.erlangName());
            nodes.put(spec.node(), l);
            LOG.info(
                    "{}: started (pid {}{})",
                    where(spec.node(), host),
                    pid,
                    launch.erlangName().map(n -> ", Erlang node " + n).orElse(""));
            launch.erlangName()
                    .ifPresent(full -> notify(
                            () -> attacher.attached(spec.node(), family.name(), full, Path.of(family.cookieFile()))));
        } catch (IOException | RuntimeException e) {
            nodes.remove(spec.node());
            if (e instanceof ProviderException) {
                throw e;
            }
            throw new ProviderException(where(spec.node(), host) + ": cannot start: " + e.getMessage(), e);
        }
    }

    private StopOutcome halt(String node) throws IOException {
        Launched l = launched(node)
                .or(() -> locate(node))
                .orElseThrow(() -> new ProviderException("provider " + name
                        + " has no node " + node + " (no live process with its pid file in " + options.workDir()
                        + " on "
                        + String.join(", ", nodesPerHost().keySet()) + ", or it is still starting)"));
        ShellResult r;
        try {
            r = l.host()
                    .run(
                            NodeScripts.stop(l.pid(), node, options.stopTimeout()),
                            options.stopTimeout().plus(SLACK));
        } catch (IOException e) {
            throw new ProviderException(
                    where(node, l.host()) + ": cannot stop pid " + l.pid() + ": " + e.getMessage(), e);
        }
        Optional<String> outcome = r.value("outcome");
        if (!r.ok() || outcome.isEmpty()) {
            throw new ProviderException(where(node, l.host()) + ": stop failed (exit " + r.exitCode() + "): "
                    + r.output().strip());
        }
        nodes.remove(node);
        StopOutcome how = StopOutcome.valueOf(outcome.get().toUpperCase(Locale.ROOT));
        LOG.info(
                "{}: stopped pid {} ({})",
                where(node, l.host()),
                l.pid(),
                how.name().toLowerCase(Locale.ROOT));
        notify(() -> attacher.detached(node));
        return how;
    }

    /** A node this process did not launch (or forgot): found by its pid file on one of the hosts. */
    private Optional<Launched> locate(String node) {
        if (nodes.containsKey(node)) {
            return Optional.empty(); // still starting
        }
        for (Shell host : hosts) {
            try {
                Optional<Long> pid = host.run(NodeScripts.find(options.workDir(), node), SLACK)
                        .value("pid")
                        .map(Long::parseLong);
                if (pid.isPresent()) {
                    LOG.info("{}: found pid {} from an earlier launch", where(node, host), pid.get());
                    return Optional.of(new Launched(node, "", host, pid.get(), Optional.empty()));
                }
            } catch (IOException e) {
                LOG.warn("{}: cannot look for the node: {}", where(node, host), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Picks the least loaded host and reserves the node's name there, or fails if the name is taken. */
    private synchronized Shell reserve(NodeSpec spec) {
        if (nodes.containsKey(spec.node())) {
            throw new ProviderException("provider " + name + ": node " + spec.node() + " is already launched on "
                    + nodes.get(spec.node()).host().host());
        }
        Map<String, Integer> load = nodesPerHost();
        Shell host = hosts.stream()
                .min(Comparator.comparingInt(h -> load.get(h.host())))
                .orElseThrow();
        nodes.put(spec.node(), new Launched(spec.node(), spec.family(), host, 0, Optional.empty()));
        return host;
    }

    private String where(String node, Shell host) {
        return "provider " + name + ": node " + node + " on " + host.host();
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("provider {}: the node attacher failed: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        workers.close();
        hosts.forEach(Shell::close);
    }
}
