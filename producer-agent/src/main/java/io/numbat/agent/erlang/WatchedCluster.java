package io.numbat.agent.erlang;

import io.numbat.agent.fleet.BatchSink;
import io.numbat.agent.manage.ManagedNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's watched nodes, a {@link NodeWatcher} each, with its own cookie. With discovery on, a thread asks a
 * seed (or, all seeds down, any node that is up) every {@link #DISCOVER_EVERY} for {@code erlang:nodes(connected)}:
 * a node not yet watched is watched (so within one poll and a connect of joining), and a discovered node that has
 * been down for {@code forgetAfter} and is no longer connected is forgotten. A node that leaves gets DOWN from its
 * own watcher, as any node that stops answering.
 */
final class WatchedCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedCluster.class);
    /** Between two discovery polls: a joining node is watched within this plus a connect. */
    static final Duration DISCOVER_EVERY = Duration.ofSeconds(2);
    /** How long a poll waits for the asked node's watcher (a tick) and its answer. */
    private static final Duration ASK_WAIT = Duration.ofSeconds(10);

    private record Watched(NodeWatcher watcher, ErlangCollector collector, ErlangNodeControl control) {}

    private final ClusterSpec spec;
    private final Cookie cookie;
    private final BatchSink batches;
    private final NodeEventSink events;
    private final Map<String, Watched> nodes = new ConcurrentHashMap<>();
    private final Thread discovery;
    private volatile boolean running = true;
    private String lastAskFailure = "";
    private long lastAskFailureLogged;

    WatchedCluster(ClusterSpec spec, Cookie cookie, BatchSink batches, NodeEventSink events) {
        this.spec = spec;
        this.cookie = cookie;
        this.batches = batches;
        this.events = events;
        spec.seeds().forEach(this::watch);
        if (spec.discover()) {
            discovery = new Thread(this::discoverLoop, "numbat-discovery-" + spec.name());
            discovery.setDaemon(true);
            discovery.start();
        } else {
            discovery = null;
        }
    }

    String name() {
        return spec.name();
    }

    private void watch(String node) {
        nodes.computeIfAbsent(node, n -> {
            String family = spec.families().familyOf(n);
            ErlangCollector collector = new ErlangCollector(n, family, cookie, spec.settings());
            NodeWatcher watcher = new NodeWatcher(collector, spec.settings(), batches, events).start();
            return new Watched(watcher, collector, new ErlangNodeControl(watcher, collector));
        });
    }

    /** The watched nodes now (seeds and discovered ones). */
    List<String> nodes() {
        return List.copyOf(nodes.keySet());
    }

    List<NodeWatcher> watchers() {
        return nodes.values().stream().map(Watched::watcher).toList();
    }

    Optional<ManagedNode> managed(String node) {
        return Optional.ofNullable(nodes.get(node)).map(Watched::control);
    }

    private void discoverLoop() {
        while (running) {
            try {
                discoverOnce();
            } catch (RuntimeException e) {
                LOG.warn("cluster {}: discovery failed, trying again: {}", spec.name(), e.toString());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(DISCOVER_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One poll: watch the new nodes, forget the long-gone ones. */
    void discoverOnce() {
        Optional<Set<String>> connected = askConnected();
        if (connected.isEmpty()) {
            return; // nobody to ask: keep what is watched, forget nothing (we cannot tell who left)
        }
        for (String node : connected.get()) {
            if (!nodes.containsKey(node) && !spec.excluded(node) && node.contains("@")) {
                LOG.info(
                        "cluster {}: discovered {} (family {})",
                        spec.name(),
                        node,
                        spec.families().familyOf(node));
                watch(node);
            }
        }
        long now = System.currentTimeMillis();
        for (Watched w : List.copyOf(nodes.values())) {
            String node = w.watcher().node();
            long downSince = w.watcher().downSinceMillis();
            if (spec.seeds().contains(node) || connected.get().contains(node) || downSince == 0) {
                continue;
            }
            if (now - downSince >= spec.forgetAfter().toMillis()) {
                LOG.info(
                        "cluster {}: forgetting {}: down and gone from the cluster for {} s",
                        spec.name(),
                        node,
                        (now - downSince) / 1000);
                nodes.remove(node);
                w.watcher().close();
            }
        }
    }

    /** The nodes connected to the first seed that is up, else to any node that is up; with that node itself. */
    private Optional<Set<String>> askConnected() {
        List<Watched> askable = new ArrayList<>();
        for (String seed : spec.seeds()) {
            Optional.ofNullable(nodes.get(seed)).filter(w -> w.watcher().up()).ifPresent(askable::add);
        }
        nodes.values().stream()
                .filter(w -> w.watcher().up() && !askable.contains(w))
                .forEach(askable::add);
        for (Watched w : askable) {
            try {
                Set<String> found = new LinkedHashSet<>(w.watcher().run(w.collector()::connectedNodes, ASK_WAIT));
                found.add(w.watcher().node());
                return Optional.of(found);
            } catch (ExecutionException | TimeoutException e) {
                logAskFailure(
                        w.watcher().node(),
                        e instanceof ExecutionException ? e.getCause().getMessage() : "busy");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void logAskFailure(String node, String why) {
        String text = node + ": " + why;
        long now = System.currentTimeMillis();
        if (!text.equals(lastAskFailure) || now - lastAskFailureLogged > 300_000) {
            LOG.info("cluster {}: cannot ask {} for its connected nodes: {}", spec.name(), node, cookie.redact(why));
            lastAskFailure = text;
            lastAskFailureLogged = now;
        }
    }

    @Override
    public void close() {
        running = false;
        if (discovery != null) {
            discovery.interrupt();
            try {
                discovery.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nodes.values().forEach(w -> w.watcher().close());
    }
}
