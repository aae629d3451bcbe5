package io.numbat.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedFleetTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static double value(MetricBatch b, MetricId id) {
        return b.getSamples().stream()
                .filter(s -> s.getMetric() == id.id())
                .mapToDouble(Sample::getValue)
                .findFirst()
                .orElseThrow();
    }

    private static double meanUtilisation(List<MetricBatch> batches, String family) {
        return batches.stream()
                .filter(b -> b.getFamily().equals(family))
                .mapToDouble(b -> value(b, MetricId.SCHEDULER_UTILISATION))
                .average()
                .orElseThrow();
    }

    @Test
    void publishesOneBatchPerNodePerTickWithIncreasingSequence() {
        List<MetricBatch> out = new ArrayList<>();
        SimulatedFleet fleet =
                new SimulatedFleet(List.of(new FamilySpec("web", 3, 1.5)), out::add, Duration.ofSeconds(10), 1, clock);
        fleet.tickOnce();
        fleet.tickOnce();
        assertThat(out).hasSize(6);
        assertThat(out)
                .filteredOn(b -> b.getNode().equals("web-1@sim"))
                .extracting(MetricBatch::getSequence)
                .containsExactly(0L, 1L);
        assertThat(out.get(0).getLimits()).extracting(Sample::getMetric).contains(MetricId.PROCESS_COUNT.id());
    }

    @Test
    void familyDemandIsSharedSoAddingNodesLowersUtilisation() {
        List<MetricBatch> before = new ArrayList<>();
        SimulatedFleet fleet = new SimulatedFleet(
                List.of(new FamilySpec("web", 4, 3.6)), before::add, Duration.ofSeconds(10), 7, clock);
        fleet.tickOnce();
        double mean4 = meanUtilisation(before, "web");
        List<MetricBatch> after = new ArrayList<>();
        SimulatedFleet bigger = new SimulatedFleet(
                List.of(new FamilySpec("web", 4, 3.6)), after::add, Duration.ofSeconds(10), 7, clock);
        bigger.startNode("web-extra-1", "web");
        bigger.startNode("web-extra-2", "web");
        bigger.tickOnce();
        assertThat(mean4).isBetween(0.85, 0.95);
        assertThat(meanUtilisation(after, "web")).isBetween(0.55, 0.65);
    }

    @Test
    void sameSeedGivesSameMetrics() {
        List<MetricBatch> a = new ArrayList<>();
        List<MetricBatch> b = new ArrayList<>();
        new SimulatedFleet(List.of(new FamilySpec("db", 2, 0.8)), a::add, Duration.ofSeconds(1), 99, clock).tickOnce();
        new SimulatedFleet(List.of(new FamilySpec("db", 2, 0.8)), b::add, Duration.ofSeconds(1), 99, clock).tickOnce();
        assertThat(a).containsExactlyInAnyOrderElementsOf(b);
    }

    @Test
    void startedNodesReportAndStoppedNodesGoSilent() {
        List<MetricBatch> out = new ArrayList<>();
        SimulatedFleet fleet =
                new SimulatedFleet(List.of(new FamilySpec("web", 1, 0.5)), out::add, Duration.ofSeconds(1), 1, clock);
        fleet.startNode("web-new", "web");
        assertThat(fleet.stopNode("web-1@sim")).isTrue();
        assertThat(fleet.stopNode("web-1@sim")).isFalse();
        fleet.tickOnce();
        assertThat(out).extracting(MetricBatch::getNode).containsExactly("web-new");
    }

    @Test
    void phasesShareTheNodesEvenlyAndTogetherPublishEachNodeOnce() {
        List<MetricBatch> out = new ArrayList<>();
        SimulatedFleet fleet =
                new SimulatedFleet(List.of(new FamilySpec("web", 10, 5.0)), out::add, Duration.ofSeconds(10), 1, clock);
        List<Integer> perPhase = new ArrayList<>();
        for (int phase = 0; phase < 4; phase++) {
            int before = out.size();
            fleet.tickPhase(phase, 4);
            perPhase.add(out.size() - before);
        }
        assertThat(perPhase).containsExactly(3, 3, 2, 2);
        assertThat(out).extracting(MetricBatch::getNode).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void aNodeKeepsItsPhaseWhenOthersStop() {
        List<MetricBatch> out = new ArrayList<>();
        SimulatedFleet fleet =
                new SimulatedFleet(List.of(new FamilySpec("web", 4, 2.0)), out::add, Duration.ofSeconds(10), 1, clock);
        fleet.tickPhase(1, 2);
        assertThat(out).extracting(MetricBatch::getNode).containsExactly("web-2@sim", "web-4@sim");
        fleet.stopNode("web-1@sim");
        out.clear();
        fleet.tickPhase(1, 2);
        assertThat(out).extracting(MetricBatch::getNode).containsExactly("web-2@sim", "web-4@sim");
    }

    @Test
    void onePhaseIsTheSameAsATickOfEveryNode() {
        List<MetricBatch> once = new ArrayList<>();
        List<MetricBatch> phased = new ArrayList<>();
        new SimulatedFleet(List.of(new FamilySpec("db", 3, 0.8)), once::add, Duration.ofSeconds(1), 5, clock)
                .tickOnce();
        new SimulatedFleet(List.of(new FamilySpec("db", 3, 0.8)), phased::add, Duration.ofSeconds(1), 5, clock)
                .tickPhase(0, 1);
        assertThat(phased).isEqualTo(once);
    }

    @Test
    void refusesAPhaseOutsideTheTick() {
        SimulatedFleet fleet = new SimulatedFleet(List.of(), b -> {}, Duration.ofSeconds(1), 1, clock);
        assertThatThrownBy(() -> fleet.tickPhase(2, 2)).hasMessageContaining("phase 2 of 2");
        assertThatThrownBy(() -> fleet.start(0)).hasMessageContaining("phases must be >= 1");
    }

    @Test
    void refusesUnknownFamily() {
        SimulatedFleet fleet = new SimulatedFleet(List.of(), b -> {}, Duration.ofSeconds(1), 1, clock);
        assertThatThrownBy(() -> fleet.startNode("x", "nope")).hasMessageContaining("unknown family 'nope'");
    }
}
