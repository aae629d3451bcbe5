package io.numbat.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated nodes' top processes, and the three process faults naming their culprit there. */
class FleetTopProcessesTest {
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T06:00:00Z"));
    private final List<MetricBatch> out = new ArrayList<>();
    private final SimulatedFleet fleet =
            new SimulatedFleet(List.of(new FamilySpec("web", 2, 1.0)), out::add, Duration.ofSeconds(10), 3, clock);

    private MetricBatch last(String node) {
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i).getNode().equals(node)) {
                return out.get(i);
            }
        }
        throw new AssertionError("no batch from " + node);
    }

    private static double sample(MetricBatch b, MetricId metric) {
        return b.getSamples().stream()
                .filter(s -> s.getMetric() == metric.id())
                .mapToDouble(Sample::getValue)
                .findFirst()
                .orElseThrow();
    }

    private void tickFor(Duration d) {
        for (long t = 0; t < d.toSeconds(); t += 10) {
            clock.advance(Duration.ofSeconds(10));
            fleet.tickOnce();
        }
    }

    @Test
    void aHealthyNodeReportsTenByEachMeasureLargestFirstOverTheTick() {
        fleet.tickOnce();
        MetricBatch b = last("web-1@sim");

        assertThat(b.getTopReductions()).hasSize(SimulatedProcesses.TOP);
        assertThat(b.getTopMemory()).hasSize(SimulatedProcesses.TOP);
        assertThat(b.getTopReductions())
                .extracting(ProcessQueue::getReductions)
                .isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(b.getTopMemory())
                .extracting(ProcessQueue::getMemory)
                .isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(b.getQueues()).allSatisfy(p -> assertThat(p.getLength()).isPositive());
        assertThat(b.getTopReductions()).allSatisfy(p -> {
            assertThat(p.getPid()).matches("<0\\.\\d+\\.0>");
            assertThat(p.getProcess()).isNotBlank();
            assertThat(p.getCurrentFunction()).matches("\\w+:\\w+/\\d");
        });
        assertThat(b.getTopWindowMillis()).isEqualTo(10_000);
        assertThat(b.getTopReductions())
                .extracting(ProcessQueue::getProcess)
                .doesNotContain(SimulatedProcesses.RUNAWAY, SimulatedProcesses.HOG);
    }

    @Test
    void aRunawayProcessTakesMostOfTheNodesReductionsAndLeavesWithRecovery() {
        fleet.tickOnce();
        double before = sample(last("web-1@sim"), MetricId.REDUCTIONS);
        fleet.inject(Fault.RUNAWAY_PROCESS, Target.node("web-1@sim"), Duration.ofMinutes(5));
        tickFor(Duration.ofSeconds(10));
        MetricBatch b = last("web-1@sim");

        ProcessQueue first = b.getTopReductions().get(0);
        assertThat(first.getProcess()).isEqualTo(SimulatedProcesses.RUNAWAY);
        double nodeReductions = sample(b, MetricId.REDUCTIONS) - before;
        assertThat(first.getReductions() / nodeReductions)
                .as("its share of the node's reductions")
                .isGreaterThan(0.5);
        assertThat(last("web-2@sim").getTopReductions())
                .extracting(ProcessQueue::getProcess)
                .doesNotContain(SimulatedProcesses.RUNAWAY);

        fleet.recover(Target.node("web-1@sim"));
        tickFor(Duration.ofSeconds(10));
        assertThat(last("web-1@sim").getTopReductions())
                .extracting(ProcessQueue::getProcess)
                .doesNotContain(SimulatedProcesses.RUNAWAY);
    }

    @Test
    void aMailboxFloodGrowsOneQueueTheLongestMessageQueueAndThatProcessesMemory() {
        fleet.tickOnce();
        fleet.inject(Fault.MAILBOX_FLOOD, Target.node("web-1@sim"), Duration.ofMinutes(10));
        tickFor(Duration.ofMinutes(1));
        MetricBatch early = last("web-1@sim");
        tickFor(Duration.ofMinutes(1));
        MetricBatch later = last("web-1@sim");

        ProcessQueue flooded = later.getQueues().get(0);
        assertThat(flooded.getProcess()).isEqualTo(SimulatedProcesses.FLOODED);
        assertThat(flooded.getLength()).isBetween(190_000L, 210_000L); // a million per 10 minutes, for 2 minutes
        assertThat(flooded.getLength()).isGreaterThan(early.getQueues().get(0).getLength());
        assertThat(sample(later, MetricId.MAX_MESSAGE_QUEUE)).isEqualTo(flooded.getLength());
        assertThat(later.getTopMemory().get(0).getProcess()).isEqualTo(SimulatedProcesses.FLOODED);
        assertThat(later.getTopReductions())
                .extracting(ProcessQueue::getProcess)
                .contains(SimulatedProcesses.FLOODED);
    }

    @Test
    void aMemoryHogHoldsTheNodesGrowthInOneProcess() {
        fleet.tickOnce();
        double before = sample(last("web-1@sim"), MetricId.MEMORY_PROCESSES);
        fleet.inject(Fault.MEMORY_HOG, Target.node("web-1@sim"), Duration.ofMinutes(10));
        tickFor(Duration.ofMinutes(5));
        MetricBatch b = last("web-1@sim");

        ProcessQueue hog = b.getTopMemory().get(0);
        assertThat(hog.getProcess()).isEqualTo(SimulatedProcesses.HOG);
        double grown = sample(b, MetricId.MEMORY_PROCESSES) - before;
        assertThat(grown)
                .as("process memory grew by what the hog holds, give or take the usual churn")
                .isBetween(0.9 * hog.getMemory(), 1.1 * hog.getMemory());
        assertThat(sample(b, MetricId.MEMORY_TOTAL))
                .as("halfway to the limit")
                .isBetween(0.4 * NodeLimits.MEMORY_LIMIT, 0.6 * NodeLimits.MEMORY_LIMIT);
        assertThat(b.getTopMemory().get(1).getMemory()).isLessThan(hog.getMemory() / 100);
    }

    @Test
    void zeroTopProcessesLeavesTheListsOut() {
        fleet.topProcesses(0).tickOnce();
        MetricBatch b = last("web-1@sim");

        assertThat(b.getTopReductions()).isEmpty();
        assertThat(b.getTopMemory()).isEmpty();
        assertThat(b.getQueues()).isEmpty();
        assertThat(b.getTopWindowMillis()).isZero();
        assertThat(b.getSamples()).hasSize(23);
    }

    @Test
    void theSameSeedGivesTheSameTopLists() {
        List<MetricBatch> again = new ArrayList<>();
        SimulatedFleet twin = new SimulatedFleet(
                List.of(new FamilySpec("web", 2, 1.0)),
                again::add,
                Duration.ofSeconds(10),
                3,
                new SimulatedClock(Instant.parse("2026-01-01T06:00:00Z")));
        fleet.tickOnce();
        twin.tickOnce();

        assertThat(again.get(0).getTopReductions()).isEqualTo(out.get(0).getTopReductions());
        assertThat(again.get(0).getTopMemory()).isEqualTo(out.get(0).getTopMemory());
    }
}
