package io.numbat.console.view;

import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Sample;
import io.numbat.schemas.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fleet as the console sees it: at most {@code maxNodes} nodes (the least recently updated one
 * is evicted past that), grouped into families on demand. Not thread-safe: one thread (the
 * verticle's event loop) owns it.
 */
public final class FleetView {
    private static final Duration FORECAST_TTL = Duration.ofMinutes(5);
    /** The node name of the processor's family roll-ups. */
    public static final String FAMILY_PREFIX = "family:";

    private final int maxNodes;
    private final Duration staleAfter;
    private final Duration window;
    private final Duration resolution;
    private final Map<String, NodeView> nodes;
    private final Map<String, TrendTable> familyTrends = new TreeMap<>();
    private long evicted;

    /**
     * @param staleAfter a node whose metrics are older than this is down
     * @param window how much history per key metric, at {@code resolution}
     */
    public FleetView(int maxNodes, Duration staleAfter, Duration window, Duration resolution) {
        this.maxNodes = maxNodes;
        this.staleAfter = staleAfter;
        this.window = window;
        this.resolution = resolution;
        this.nodes = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NodeView> eldest) {
                if (size() > FleetView.this.maxNodes) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    /** 20,000 nodes, down after 30 s without metrics, one hour of history in 30 s slots. */
    public static FleetView withDefaults() {
        return new FleetView(20_000, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(30));
    }

    public void onMetrics(MetricBatch b) {
        NodeView n = node(b.getNode(), b.getFamily());
        long t = b.getTimestamp().toEpochMilli();
        n.seen(t);
        for (Sample s : b.getSamples()) {
            KeyMetric.byId(s.getMetric()).ifPresent(k -> n.sample(k, t, s.getValue()));
        }
        for (Sample s : b.getLimits()) {
            KeyMetric.byId(s.getMetric()).ifPresent(k -> n.limit(k, s.getValue()));
        }
    }

    public void onDeployment(DeploymentEvent e) {
        NodeView n = node(e.getNode(), e.getFamily());
        n.deployment(e.getState());
        n.event(new NodeEntry(
                e.getTimestamp().toEpochMilli(),
                "deployment",
                e.getState().name(),
                e.getReason() == null ? e.getProvider() : e.getReason()));
    }

    /**
     * A lifecycle event (UP, HEARTBEAT, DOWN) moves the node's state; a LOG event is kept in its log list and moves
     * nothing; a kind this console does not know (read as UNKNOWN) is skipped.
     */
    public void onNodeEvent(NodeEvent e) {
        if (e.getType() == NodeEventType.UNKNOWN) {
            return;
        }
        NodeView n = node(e.getNode(), e.getFamily());
        if (e.getType() == NodeEventType.LOG) {
            n.log(NodeLog.of(e));
            return;
        }
        long t = e.getTimestamp().toEpochMilli();
        n.lifecycle(e.getType(), t);
        for (Sample s : e.getLimits()) {
            KeyMetric.byId(s.getMetric()).ifPresent(k -> n.limit(k, s.getValue()));
        }
        if (e.getType() != NodeEventType.HEARTBEAT) {
            n.event(new NodeEntry(t, "node-event", e.getType().name(), e.getReason()));
        }
    }

    /**
     * A trend of a key metric: a node's, or a family's roll-up (node {@code family:<name>}). Trends
     * of other metrics are not kept.
     */
    public void onTrend(MetricTrend t) {
        if (KeyMetric.trendedById(t.getMetric()).isEmpty()) {
            return;
        }
        if (t.getNode().startsWith(FAMILY_PREFIX)) {
            familyTrends.computeIfAbsent(t.getFamily(), f -> new TrendTable()).put(t);
        } else {
            NodeView n = nodes.get(t.getNode());
            if (n != null) { // a trend alone does not make a node: its metrics do
                n.trend(t);
            }
        }
    }

    /** The processor's roll-ups of {@code family}'s key metrics. */
    public Optional<TrendTable> familyTrends(String family) {
        return Optional.ofNullable(familyTrends.get(family));
    }

    public void onForecast(ExhaustionForecast f) {
        node(f.getNode(), f.getFamily()).forecast(f);
    }

    /**
     * A node's anomaly scores of one minute ({@code numbat.anomaly-scores}); like a forecast, it makes the node known
     * (the console reads this topic from an hour back, possibly before the node's metrics and events).
     */
    public void onAnomalyScores(AnomalyScores r) {
        node(r.getNode(), r.getFamily()).anomalyScores(r);
    }

    /** Forgets a node (a tombstone on a compacted topic). */
    public void remove(String node) {
        nodes.remove(node);
    }

    private NodeView node(String node, String family) {
        NodeView n = nodes.get(node);
        if (n == null) {
            n = new NodeView(node, family, window, resolution);
            nodes.put(node, n);
        } else {
            n.family(family);
        }
        return n;
    }

    public Optional<NodeView> find(String node) {
        return Optional.ofNullable(nodes.get(node));
    }

    public NodeState state(NodeView n, long now) {
        return n.state(now, staleAfter);
    }

    /** Live forecasts of {@code n} (those of the last five minutes). */
    public List<ExhaustionForecast> forecasts(NodeView n, long now) {
        return n.forecasts(now - FORECAST_TTL.toMillis());
    }

    public boolean hasFamily(String family) {
        return nodes.values().stream().anyMatch(n -> family.equals(n.family()));
    }

    /** Every family with node counts by state and health, sorted by name. */
    public List<FamilySummary> families(Map<String, Severity> worstByNode, long now) {
        Map<String, FamilySummary> out = new TreeMap<>();
        for (NodeView n : nodes.values()) {
            NodeState s = state(n, now);
            FamilySummary f = out.getOrDefault(n.family(), FamilySummary.empty(n.family()));
            out.put(n.family(), f.plus(s, Health.of(s, worstByNode.get(n.node()))));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Nodes sorted by name, filtered by family (null: all) and a case-insensitive substring of the
     * name (null or blank: all), page {@code page} (from 0) of {@code size}.
     */
    public NodePage page(String family, String query, int page, int size) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<NodeView> matches = new ArrayList<>();
        for (NodeView n : nodes.values()) {
            if ((family == null || family.equals(n.family()))
                    && (q.isEmpty() || n.node().toLowerCase(Locale.ROOT).contains(q))) {
                matches.add(n);
            }
        }
        matches.sort(Comparator.comparing(NodeView::node));
        int from = (int) Math.min((long) page * size, matches.size());
        int to = Math.min(from + size, matches.size());
        return new NodePage(matches.size(), page, size, List.copyOf(matches.subList(from, to)));
    }

    /** Nodes the deployer is starting or stopping, newest names first, at most {@code limit}. */
    public List<NodeView> deploymentsInProgress(int limit) {
        return nodes.values().stream()
                .filter(n -> n.deployment() == DeploymentState.REQUESTED
                        || n.deployment() == DeploymentState.STARTING
                        || n.deployment() == DeploymentState.STOPPING)
                .sorted(Comparator.comparing(NodeView::node))
                .limit(limit)
                .toList();
    }

    public int size() {
        return nodes.size();
    }

    /** Nodes forgotten because the view was full. */
    public long evicted() {
        return evicted;
    }
}
