package io.numbat.console.view;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.deployment;
import static io.numbat.console.Fixtures.forecast;
import static io.numbat.console.Fixtures.logEvent;
import static io.numbat.console.Fixtures.nodeEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetViewTest {
    private static final long NOW = 1_800_000_000_000L;
    private final FleetView fleet = FleetView.withDefaults();

    private NodeState state(String node, long now) {
        return fleet.state(fleet.find(node).orElseThrow(), now);
    }

    @Test
    void keepsTheLatestKeyMetricsWithLimitsAndLastSeen() {
        fleet.onMetrics(batch("web-1@sim", "web", NOW, 0.5, 1_000));
        fleet.onMetrics(batch("web-1@sim", "web", NOW + 2_000, 0.9, 2_000));
        NodeView n = fleet.find("web-1@sim").orElseThrow();
        assertThat(n.family()).isEqualTo("web");
        assertThat(n.lastSeen()).isEqualTo(NOW + 2_000);
        assertThat(n.latest(KeyMetric.SCHEDULER_UTILISATION)).isEqualTo(0.9);
        assertThat(n.latest(KeyMetric.PROCESS_COUNT)).isEqualTo(2_000);
        assertThat(n.limit(KeyMetric.PROCESS_COUNT)).isEqualTo(262_144);
        assertThat(n.limit(KeyMetric.SCHEDULER_UTILISATION)).isNaN();
        assertThat(n.history(KeyMetric.PROCESS_COUNT))
                .extracting(MetricHistory.Point::value)
                .containsExactly(2_000.0); // both in one 30 s slot: its highest value
    }

    @Test
    void statesFromMetricsDeploymentsAndLifecycleEvents() {
        fleet.onMetrics(batch("up@sim", "web", NOW - 5_000, 0.5, 10));
        fleet.onMetrics(batch("stale@sim", "web", NOW - 60_000, 0.5, 10));
        fleet.onDeployment(deployment("new@sim", "web", DeploymentState.STARTING, NOW));
        fleet.onDeployment(deployment("bad@sim", "web", DeploymentState.FAILED, NOW));
        fleet.onDeployment(deployment("gone@sim", "web", DeploymentState.STOPPED, NOW));
        fleet.onMetrics(batch("down@sim", "web", NOW - 5_000, 0.5, 10));
        fleet.onNodeEvent(nodeEvent("down@sim", "web", NodeEventType.DOWN, NOW - 1_000));
        assertThat(state("up@sim", NOW)).isEqualTo(NodeState.UP);
        assertThat(state("stale@sim", NOW)).isEqualTo(NodeState.DOWN);
        assertThat(state("new@sim", NOW)).isEqualTo(NodeState.STARTING);
        assertThat(state("bad@sim", NOW)).isEqualTo(NodeState.FAILED);
        assertThat(state("gone@sim", NOW)).isEqualTo(NodeState.STOPPED);
        assertThat(state("down@sim", NOW)).isEqualTo(NodeState.DOWN);
        fleet.onMetrics(batch("down@sim", "web", NOW, 0.5, 10));
        assertThat(state("down@sim", NOW)).isEqualTo(NodeState.UP);
    }

    @Test
    void familiesCountNodesByStateAndHealth() {
        fleet.onMetrics(batch("web-1@sim", "web", NOW, 0.5, 10));
        fleet.onMetrics(batch("web-2@sim", "web", NOW, 0.5, 10));
        fleet.onMetrics(batch("web-3@sim", "web", NOW - 60_000, 0.5, 10));
        fleet.onMetrics(batch("db-1@sim", "db", NOW, 0.5, 10));
        List<FamilySummary> families = fleet.families(Map.of("web-2@sim", Severity.MAJOR), NOW);
        assertThat(families).extracting(FamilySummary::family).containsExactly("db", "web");
        FamilySummary web = families.get(1);
        assertThat(web.nodes()).isEqualTo(3);
        assertThat(web.byState()).containsEntry(NodeState.UP, 2).containsEntry(NodeState.DOWN, 1);
        assertThat(web.byHealth())
                .containsEntry(Health.GREEN, 1)
                .containsEntry(Health.ORANGE, 1)
                .containsEntry(Health.RED, 1);
    }

    @Test
    void pagesAndSearchesNodesByName() {
        for (int i = 0; i < 25; i++) {
            fleet.onMetrics(batch(String.format("web-%02d@sim", i), "web", NOW, 0.5, 10));
        }
        fleet.onMetrics(batch("db-1@sim", "db", NOW, 0.5, 10));
        NodePage p = fleet.page("web", null, 2, 10);
        assertThat(p.total()).isEqualTo(25);
        assertThat(p.nodes())
                .extracting(NodeView::node)
                .containsExactly("web-20@sim", "web-21@sim", "web-22@sim", "web-23@sim", "web-24@sim");
        assertThat(fleet.page(null, "WEB-1", 0, 50).nodes()).hasSize(10);
        assertThat(fleet.page(null, "db", 0, 50).nodes())
                .extracting(NodeView::node)
                .containsExactly("db-1@sim");
        assertThat(fleet.page(null, null, 99, 50).nodes()).isEmpty();
        assertThat(fleet.hasFamily("db")).isTrue();
        assertThat(fleet.hasFamily("cache")).isFalse();
    }

    @Test
    void isBoundedByEvictingTheLeastRecentlyUpdatedNode() {
        FleetView small = new FleetView(3, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(30));
        small.onMetrics(batch("a", "f", NOW, 0, 0));
        small.onMetrics(batch("b", "f", NOW, 0, 0));
        small.onMetrics(batch("c", "f", NOW, 0, 0));
        small.onMetrics(batch("a", "f", NOW + 1, 0, 0));
        small.onMetrics(batch("d", "f", NOW + 1, 0, 0));
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.find("b")).isEmpty();
        assertThat(small.find("a")).isPresent();
        assertThat(small.evicted()).isEqualTo(1);
    }

    @Test
    void deploymentsInProgressAndEventsAndLiveForecasts() {
        fleet.onDeployment(deployment("web-9@sim", "web", DeploymentState.REQUESTED, NOW - 1_000));
        fleet.onDeployment(deployment("web-9@sim", "web", DeploymentState.STARTING, NOW));
        fleet.onDeployment(deployment("web-8@sim", "web", DeploymentState.RUNNING, NOW));
        fleet.onNodeEvent(nodeEvent("web-8@sim", "web", NodeEventType.HEARTBEAT, NOW));
        fleet.onNodeEvent(nodeEvent("web-8@sim", "web", NodeEventType.DOWN, NOW));
        fleet.onForecast(forecast("web-8@sim", "web", NOW - 600_000, 400));
        fleet.onForecast(forecast("web-7@sim", "web", NOW - 1_000, 400));
        assertThat(fleet.deploymentsInProgress(10)).extracting(NodeView::node).containsExactly("web-9@sim");
        assertThat(fleet.find("web-9@sim").orElseThrow().events())
                .extracting(NodeEntry::kind)
                .containsExactly("REQUESTED", "STARTING");
        assertThat(fleet.find("web-8@sim").orElseThrow().events())
                .extracting(NodeEntry::kind)
                .containsExactly("RUNNING", "DOWN"); // heartbeats are not events worth listing
        assertThat(fleet.forecasts(fleet.find("web-8@sim").orElseThrow(), NOW)).isEmpty();
        assertThat(fleet.forecasts(fleet.find("web-7@sim").orElseThrow(), NOW)).hasSize(1);
    }

    @Test
    void keepsOnlyTheLast20EventsOfANode() {
        for (int i = 0; i < 50; i++) {
            fleet.onNodeEvent(nodeEvent("n", "f", i % 2 == 0 ? NodeEventType.UP : NodeEventType.DOWN, NOW + i));
        }
        assertThat(fleet.find("n").orElseThrow().events())
                .hasSize(20)
                .first()
                .extracting(NodeEntry::timestamp)
                .isEqualTo(NOW + 30);
    }

    private static MetricTrend trend(String node, int metric, long start, long size, double mean) {
        return MetricTrend.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setMetric(metric)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + size))
                .setCount(6)
                .setMean(mean)
                .setMin(mean)
                .setMax(mean)
                .setLast(mean)
                .setRate(null)
                .setSlope(0)
                .build();
    }

    @Test
    void keepsTheLatestTrendOfEachKeyMetricAndWindowForNodesAndFamilies() {
        int processes = KeyMetric.PROCESS_COUNT.id();
        fleet.onMetrics(batch("web-1@sim", "web", NOW, 0.5, 1_000));
        fleet.onTrend(trend("web-1@sim", processes, NOW - 120_000, 60_000, 1));
        fleet.onTrend(trend("web-1@sim", processes, NOW - 60_000, 60_000, 2));
        fleet.onTrend(trend("web-1@sim", processes, NOW - 120_000, 60_000, 9)); // older window, arriving late
        fleet.onTrend(trend("web-1@sim", processes, NOW - 300_000, 300_000, 3));
        fleet.onTrend(trend("web-1@sim", 15, NOW - 60_000, 60_000, 4)); // not a key metric
        fleet.onTrend(trend("nobody@sim", processes, NOW - 60_000, 60_000, 5)); // a trend alone makes no node
        fleet.onTrend(trend("family:web", processes, NOW - 60_000, 60_000, 6));
        assertThat(fleet.find("web-1@sim").orElseThrow().trends().all())
                .extracting(t -> t.getMean())
                .containsExactly(2.0, 3.0);
        assertThat(fleet.find("nobody@sim")).isEmpty();
        assertThat(fleet.familyTrends("web").orElseThrow().all())
                .extracting(t -> t.getMean())
                .containsExactly(6.0);
        assertThat(fleet.familyTrends("db")).isEmpty();
    }

    @Test
    void logEventsAreKeptApartAndMoveNoState() {
        fleet.onMetrics(batch("down@sim", "web", NOW - 5_000, 0.5, 10));
        fleet.onNodeEvent(nodeEvent("down@sim", "web", NodeEventType.DOWN, NOW - 1_000));
        for (int i = 0; i < 60; i++) {
            fleet.onNodeEvent(logEvent("down@sim", "web", "error", "e" + i, NOW - 900 + i));
        }
        fleet.onNodeEvent(nodeEvent("down@sim", "web", NodeEventType.UNKNOWN, NOW));
        assertThat(state("down@sim", NOW)).isEqualTo(NodeState.DOWN);
        NodeView n = fleet.find("down@sim").orElseThrow();
        assertThat(n.events()).extracting(NodeEntry::kind).containsExactly("DOWN");
        assertThat(n.logs()).hasSize(NodeView.MAX_LOGS);
        assertThat(n.logs().get(0).message()).isEqualTo("e10");
        assertThat(n.logs().get(NodeView.MAX_LOGS - 1).message()).isEqualTo("e59");
        assertThat(n.logsSince(NOW - 900 + 58)).extracting(NodeLog::message).containsExactly("e58", "e59");
        // a log event alone makes a node known, not up
        fleet.onNodeEvent(logEvent("quiet@sim", "web", "critical", "boom", NOW));
        assertThat(fleet.find("quiet@sim").orElseThrow().logs()).hasSize(1);
        assertThat(state("quiet@sim", NOW)).isNotEqualTo(NodeState.UP);
    }
}
