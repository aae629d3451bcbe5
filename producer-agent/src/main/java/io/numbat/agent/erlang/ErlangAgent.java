package io.numbat.agent.erlang;

import io.numbat.agent.fleet.BatchSink;
import io.numbat.agent.manage.ManagedNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches BEAM nodes, one {@link NodeWatcher} each, grouped by cluster ({@link ClusterSpec}): a node that is away
 * never holds up the others, and a cluster whose cookie is wrong or whose seeds are unreachable never holds up the
 * other clusters. Clusters with discovery on follow their nodes as they join and leave.
 */
public final class ErlangAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ErlangAgent.class);
    private final List<WatchedCluster> clusters = new ArrayList<>();

    /**
     * Starts watching {@code nodes} (NAME@HOST each), all in {@code family}, without discovery.
     *
     * @throws IllegalStateException when no usable JInterface is on the class path (the message says why)
     */
    public ErlangAgent(
            List<String> nodes,
            String family,
            Cookie cookie,
            ErlangSettings settings,
            BatchSink batches,
            NodeEventSink events) {
        this(
                List.of(new ClusterSpec(
                        "default",
                        nodes,
                        null,
                        FamilyPatterns.single(family),
                        settings,
                        false,
                        ClusterSpec.DEFAULT_FORGET_AFTER,
                        ClusterSpec.DEFAULT_EXCLUDE)),
                List.of(cookie),
                batches,
                events);
    }

    /**
     * Starts watching {@code clusters}, each with the cookie read from its cookie file.
     *
     * @throws IllegalStateException when no usable JInterface is on the class path (the message says why)
     * @throws IllegalArgumentException when a cookie file cannot be read (the message names it, not the cookie)
     */
    public static ErlangAgent start(List<ClusterSpec> clusters, BatchSink batches, NodeEventSink events) {
        List<Cookie> cookies = new ArrayList<>();
        for (ClusterSpec c : clusters) {
            try {
                cookies.add(Cookie.fromFile(c.cookieFile()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cluster " + c.name() + ": " + e.getMessage(), e);
            }
        }
        return new ErlangAgent(clusters, cookies, batches, events);
    }

    private ErlangAgent(List<ClusterSpec> specs, List<Cookie> cookies, BatchSink batches, NodeEventSink events) {
        JInterface.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        for (int i = 0; i < specs.size(); i++) {
            ClusterSpec spec = specs.get(i);
            LOG.info(
                    "Erlang collector: JInterface from {}, cluster {}: watching {}{}, families {}",
                    JInterface.location(),
                    spec.name(),
                    spec.seeds(),
                    spec.discover() ? " and the nodes connected to them" : "",
                    spec.families());
            clusters.add(new WatchedCluster(spec, cookies.get(i), batches, events));
        }
    }

    /** The watchers of every watched node now (seeds and discovered nodes). */
    public List<NodeWatcher> watchers() {
        return clusters.stream().flatMap(c -> c.watchers().stream()).toList();
    }

    /** The names of every watched node now. */
    public List<String> nodes() {
        return clusters.stream().flatMap(c -> c.nodes().stream()).toList();
    }

    /** The watched nodes, for the operator commands (inspect, gc, kill); discovered nodes included. */
    public ManagedNodes managedNodes() {
        return node -> clusters.stream()
                .map(c -> c.managed(node))
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public void close() {
        clusters.forEach(WatchedCluster::close);
    }
}
