package io.numbat.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetFaultsTest {
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T06:00:00Z"));
    private final List<MetricBatch> out = new ArrayList<>();
    private final SimulatedFleet fleet = new SimulatedFleet(
            List.of(new FamilySpec("web", 2, 1.0), new FamilySpec("db", 1, 0.3)),
            out::add,
            Duration.ofSeconds(10),
            3,
            clock,
            100);

    private double last(String node, MetricId metric) {
        for (int i = out.size() - 1; i >= 0; i--) {
            MetricBatch b = out.get(i);
            if (b.getNode().equals(node)) {
                return b.getSamples().stream()
                        .filter(s -> s.getMetric() == metric.id())
                        .mapToDouble(Sample::getValue)
                        .findFirst()
                        .orElseThrow();
            }
        }
        throw new AssertionError("no batch from " + node);
    }

    private void tickFor(Duration d) {
        for (long t = 0; t < d.toSeconds(); t += 10) {
            clock.advance(Duration.ofSeconds(10));
            fleet.tickOnce();
        }
    }

    @Test
    void reportsTheRequestedNumberOfMetricsBeamOnesFirst() {
        fleet.tickOnce();
        MetricBatch b = out.get(0);
        assertThat(b.getSamples()).hasSize(100);
        assertThat(b.getSamples().get(0).getMetric()).isEqualTo(MetricId.SCHEDULER_UTILISATION.id());
        assertThat(b.getSamples())
                .extracting(Sample::getMetric)
                .contains(SimulatedNode.APP_METRIC_BASE)
                .doesNotHaveDuplicates();
        assertThat(b.getLimits())
                .extracting(Sample::getMetric)
                .contains(
                        MetricId.PROCESS_COUNT.id(),
                        MetricId.ATOM_COUNT.id(),
                        MetricId.ETS_COUNT.id(),
                        MetricId.MEMORY_TOTAL.id());
    }

    @Test
    void processLeakReachesTheLimitAfterTheRequestedTimeAndNotBefore() {
        fleet.tickOnce();
        double before = last("web-1@sim", MetricId.PROCESS_COUNT);
        assertThat(fleet.inject(Fault.PROCESS_LEAK, Target.node("web-1@sim"), Duration.ofMinutes(5)))
                .isEqualTo(1);
        tickFor(Duration.ofMinutes(2));
        double midway = last("web-1@sim", MetricId.PROCESS_COUNT);
        assertThat(midway).isBetween(before + 0.3 * NodeLimits.PROCESS_LIMIT, 0.5 * NodeLimits.PROCESS_LIMIT);
        tickFor(Duration.ofMinutes(4));
        assertThat(last("web-1@sim", MetricId.PROCESS_COUNT)).isEqualTo(NodeLimits.PROCESS_LIMIT);
        assertThat(last("web-2@sim", MetricId.PROCESS_COUNT))
                .as("other nodes unaffected")
                .isLessThan(5_000);
    }

    @Test
    void familyFaultReachesEveryNodeOfTheFamily() {
        assertThat(fleet.inject(Fault.ETS_LEAK, Target.family("web"), Duration.ofMinutes(1)))
                .isEqualTo(2);
        tickFor(Duration.ofMinutes(2));
        assertThat(last("web-1@sim", MetricId.ETS_COUNT)).isEqualTo(NodeLimits.ETS_LIMIT);
        assertThat(last("web-2@sim", MetricId.ETS_COUNT)).isEqualTo(NodeLimits.ETS_LIMIT);
        assertThat(last("db-1@sim", MetricId.ETS_COUNT)).isLessThan(100);
    }

    @Test
    void recoveryEndsLeaksButLeakedAtomsStay() {
        fleet.tickOnce();
        double atomsBefore = last("db-1@sim", MetricId.ATOM_COUNT);
        fleet.inject(Fault.ATOM_LEAK, Target.node("db-1@sim"), Duration.ofMinutes(10));
        fleet.inject(Fault.PROCESS_LEAK, Target.node("db-1@sim"), Duration.ofMinutes(10));
        tickFor(Duration.ofMinutes(5));
        double atomsLeaked = last("db-1@sim", MetricId.ATOM_COUNT);
        fleet.recover(Target.node("db-1@sim"));
        tickFor(Duration.ofMinutes(5));
        assertThat(last("db-1@sim", MetricId.ATOM_COUNT)).isEqualTo(atomsLeaked).isGreaterThan(atomsBefore + 100_000);
        assertThat(last("db-1@sim", MetricId.PROCESS_COUNT)).isLessThan(5_000);
    }

    @Test
    void crashedNodeGoesSilentAndRestartsWithFreshCountersOnRecovery() {
        tickFor(Duration.ofMinutes(1));
        double reductions = last("web-1@sim", MetricId.REDUCTIONS);
        fleet.inject(Fault.CRASH, Target.node("web-1@sim"), Duration.ZERO);
        int before = out.size();
        tickFor(Duration.ofMinutes(1));
        assertThat(out.subList(before, out.size()))
                .extracting(MetricBatch::getNode)
                .doesNotContain("web-1@sim");
        fleet.recover(Target.node("web-1@sim"));
        tickFor(Duration.ofSeconds(10));
        assertThat(last("web-1@sim", MetricId.UPTIME)).isLessThanOrEqualTo(10);
        assertThat(last("web-1@sim", MetricId.REDUCTIONS)).isLessThan(reductions);
    }

    @Test
    void crashedNodesLoadMovesToTheRestOfTheFamily() {
        tickFor(Duration.ofSeconds(10));
        double alone = last("web-2@sim", MetricId.SCHEDULER_UTILISATION);
        fleet.inject(Fault.CRASH, Target.node("web-1@sim"), Duration.ZERO);
        tickFor(Duration.ofSeconds(10));
        assertThat(last("web-2@sim", MetricId.SCHEDULER_UTILISATION)).isGreaterThan(alone + 0.3);
    }

    @Test
    void countersOnlyGrowBetweenRestarts() {
        tickFor(Duration.ofMinutes(3));
        double[] series = out.stream()
                .filter(b -> b.getNode().equals("web-2@sim"))
                .mapToDouble(b -> b.getSamples().stream()
                        .filter(s -> s.getMetric() == MetricId.REDUCTIONS.id())
                        .mapToDouble(Sample::getValue)
                        .findFirst()
                        .orElseThrow())
                .toArray();
        for (int i = 1; i < series.length; i++) {
            assertThat(series[i]).isGreaterThanOrEqualTo(series[i - 1]);
        }
    }

    @Test
    void unknownFaultNameIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> Fault.parse("cpu_leak"))
                .hasMessageContaining("process_leak")
                .hasMessageContaining("crash");
        assertThat(Fault.parse("atom_leak")).isEqualTo(Fault.ATOM_LEAK);
    }
}
