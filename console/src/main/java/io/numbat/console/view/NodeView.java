package io.numbat.console.view;

import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEventType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the console knows about one node: latest value, limit and history of each {@link KeyMetric},
 * when it was last seen, its deployment state, last lifecycle event, live forecasts, recent events, recent error
 * log events (LOG node events, kept apart so a noisy node does not push its lifecycle out of the events) and the last
 * hour of its anomaly scores.
 */
public final class NodeView {
    static final int MAX_EVENTS = 20;
    static final int MAX_FORECASTS = 16;
    static final int MAX_LOGS = 50;

    private final String node;
    private String family;
    private long lastSeen;
    private final double[] latest = new double[KeyMetric.values().length];
    private final double[] limits = new double[KeyMetric.values().length];
    private final MetricHistory[] history = new MetricHistory[KeyMetric.values().length];
    private DeploymentState deployment;
    private NodeEventType lastEvent;
    private long lastEventTime;
    private final Map<Integer, ExhaustionForecast> forecasts = new TreeMap<>();
    private final Deque<NodeEntry> events = new ArrayDeque<>();
    private final Deque<NodeLog> logs = new ArrayDeque<>();
    private final TrendTable trends = new TrendTable();
    private AnomalyHistory anomalies; // created by the node's first scores: nodes without watched metrics have none

    NodeView(String node, String family, Duration window, Duration resolution) {
        this.node = node;
        this.family = family;
        Arrays.fill(latest, Double.NaN);
        Arrays.fill(limits, Double.NaN);
        for (int i = 0; i < history.length; i++) {
            history[i] = new MetricHistory(window, resolution);
        }
    }

    void family(String f) {
        if (f != null && !f.isEmpty()) {
            family = f;
        }
    }

    void sample(KeyMetric m, long timestamp, double value) {
        latest[m.ordinal()] = value;
        history[m.ordinal()].record(timestamp, value);
    }

    void limit(KeyMetric m, double value) {
        limits[m.ordinal()] = value;
    }

    void seen(long timestamp) {
        lastSeen = Math.max(lastSeen, timestamp);
    }

    void deployment(DeploymentState state) {
        deployment = state;
    }

    void lifecycle(NodeEventType type, long timestamp) {
        if (timestamp >= lastEventTime) {
            lastEvent = type;
            lastEventTime = timestamp;
        }
    }

    void trend(MetricTrend t) {
        trends.put(t);
    }

    void anomalyScores(AnomalyScores r) {
        if (anomalies == null) {
            if (r.getScores().isEmpty()) {
                return;
            }
            anomalies = new AnomalyHistory();
        }
        anomalies.record(r);
    }

    /** The last hour of the node's anomaly scores, empty before the processor published any. */
    public Optional<AnomalyHistory> anomalies() {
        return Optional.ofNullable(anomalies);
    }

    /** The processor's latest trends of the key metrics, per window size. */
    public TrendTable trends() {
        return trends;
    }

    void forecast(ExhaustionForecast f) {
        if (forecasts.size() < MAX_FORECASTS || forecasts.containsKey(f.getMetric())) {
            forecasts.put(f.getMetric(), f);
        }
    }

    void event(NodeEntry e) {
        if (events.size() == MAX_EVENTS) {
            events.removeFirst();
        }
        events.addLast(e);
    }

    void log(NodeLog l) {
        if (logs.size() == MAX_LOGS) {
            logs.removeFirst();
        }
        logs.addLast(l);
    }

    /** The node's recent error log events, oldest first (at most 50). */
    public List<NodeLog> logs() {
        return List.copyOf(logs);
    }

    /** The node's log events at or after {@code since} (epoch ms, the node's time), oldest first. */
    public List<NodeLog> logsSince(long since) {
        return logs.stream().filter(l -> l.timestamp() >= since).toList();
    }

    /** The node's state at {@code now}: metrics older than {@code staleAfter} mean it is down. */
    public NodeState state(long now, Duration staleAfter) {
        if (deployment == DeploymentState.FAILED) {
            return NodeState.FAILED;
        }
        if (deployment == DeploymentState.STOPPING || deployment == DeploymentState.STOPPED) {
            return NodeState.STOPPED;
        }
        if (lastEvent == NodeEventType.DOWN && lastEventTime >= lastSeen) {
            return NodeState.DOWN;
        }
        if (lastSeen > 0 && now - lastSeen <= staleAfter.toMillis()) {
            return NodeState.UP;
        }
        if (deployment == DeploymentState.REQUESTED || deployment == DeploymentState.STARTING) {
            return NodeState.STARTING;
        }
        if (lastSeen > 0 || lastEvent == NodeEventType.DOWN) {
            return NodeState.DOWN;
        }
        if (lastEvent != null && now - lastEventTime <= staleAfter.toMillis()) {
            return NodeState.UP;
        }
        return deployment == DeploymentState.RUNNING ? NodeState.DOWN : NodeState.UNKNOWN;
    }

    public String node() {
        return node;
    }

    public String family() {
        return family;
    }

    /** When its last metrics were taken (epoch ms), 0 if never. */
    public long lastSeen() {
        return lastSeen;
    }

    /** The latest value of {@code m}, NaN if none. */
    public double latest(KeyMetric m) {
        return latest[m.ordinal()];
    }

    /** The latest limit of {@code m}, NaN if none. */
    public double limit(KeyMetric m) {
        return limits[m.ordinal()];
    }

    public List<MetricHistory.Point> history(KeyMetric m) {
        return history[m.ordinal()].points();
    }

    /** The deployer's state for the node, null if the deployer never mentioned it. */
    public DeploymentState deployment() {
        return deployment;
    }

    /** Forecasts newer than {@code since} (epoch ms), one per metric. */
    public List<ExhaustionForecast> forecasts(long since) {
        List<ExhaustionForecast> out = new ArrayList<>();
        for (ExhaustionForecast f : forecasts.values()) {
            if (f.getTimestamp().toEpochMilli() >= since) {
                out.add(f);
            }
        }
        return out;
    }

    /** Recent events, oldest first (at most 20). */
    public Collection<NodeEntry> events() {
        return List.copyOf(events);
    }
}
