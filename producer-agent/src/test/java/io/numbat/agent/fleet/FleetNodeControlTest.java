package io.numbat.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.agent.manage.ManagedNode;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.TopKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Inspect, gc and kill on simulated nodes: killing a fault's culprit ends the fault. */
class FleetNodeControlTest {
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T06:00:00Z"));
    private final List<MetricBatch> out = new ArrayList<>();
    private final SimulatedFleet fleet =
            new SimulatedFleet(List.of(new FamilySpec("web", 2, 1.0)), out::add, Duration.ofSeconds(10), 3, clock);

    private ManagedNode node(String name) {
        return fleet.managedNodes().find(name).orElseThrow();
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(10));
        fleet.tickOnce();
    }

    private List<ProcessQueue> lastTopReductions() {
        return out.get(out.size() - 1).getTopReductions();
    }

    @Test
    void killingTheRunawayProcessEndsItsFault() throws Exception {
        fleet.inject(Fault.RUNAWAY_PROCESS, Target.node("web-1@sim"), Duration.ofMinutes(5));
        tick();
        ManagedNode web1 = node("web-1@sim");
        ProcessQueue first = web1.top(10, TopKey.REDUCTIONS).processes().get(0);
        assertThat(first.getPid()).isEqualTo(SimulatedProcesses.RUNAWAY_PID);

        ProcessDetail info = web1.processInfo(SimulatedProcesses.RUNAWAY_PID);
        assertThat(info.getInitialCall()).isEqualTo(SimulatedProcesses.RUNAWAY);
        assertThat(info.getStatus()).isEqualTo("running");
        assertThat(web1.kill(SimulatedProcesses.RUNAWAY_PID, "looping", true)).startsWith("would kill");

        String done = web1.kill(SimulatedProcesses.RUNAWAY_PID, "looping", false);
        assertThat(done).contains("killed <0.4711.0>", "runaway_process fault has ended");
        tick();
        fleet.tickOnce();
        assertThat(out.stream()
                        .filter(b -> b.getNode().equals("web-1@sim"))
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .getTopReductions())
                .extracting(ProcessQueue::getPid)
                .doesNotContain(SimulatedProcesses.RUNAWAY_PID);
        assertThatThrownBy(() -> web1.processInfo(SimulatedProcesses.RUNAWAY_PID))
                .hasMessageContaining("no process <0.4711.0> on web-1@sim");
    }

    @Test
    void unknownPidsSystemProcessesAndStoppedNodesGetClearErrors() throws Exception {
        tick();
        ManagedNode web1 = node("web-1@sim");
        assertThatThrownBy(() -> web1.kill("<0.9999.0>", "x", false)).hasMessageContaining("no process <0.9999.0>");
        assertThatThrownBy(() -> web1.kill("<0.50.0>", "x", false)).hasMessageContaining("code_server is a system");
        assertThat(web1.gc(Optional.empty(), false)).startsWith("garbage-collected all");
        assertThat(fleet.managedNodes().find("db-9@sim")).isEmpty();
        fleet.stopNode("web-1@sim");
        assertThatThrownBy(() -> web1.top(5, TopKey.MEMORY)).hasMessageContaining("no longer running");
        assertThat(lastTopReductions()).isNotEmpty();
    }
}
