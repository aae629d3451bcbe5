package io.numbat.deployer.stop;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.launch.Scheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeStopperTest {
    /** Timers run only when the test fires them; hand-offs run at once. */
    private static final class Timers implements Scheduler {
        final List<Duration> delays = new ArrayList<>();
        final List<Runnable> due = new ArrayList<>();

        @Override
        public long schedule(Duration delay, Runnable task) {
            delays.add(delay);
            due.add(task);
            return due.size();
        }

        @Override
        public void cancel(long id) {}

        @Override
        public void execute(Runnable task) {
            task.run();
        }
    }

    private final List<String> stopCalls = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final Timers timers = new Timers();
    private final NodeProvider provider = new NodeProvider() {
        @Override
        public String name() {
            return "sim";
        }

        @Override
        public Future<Void> start(NodeSpec spec) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> stop(String node) {
            stopCalls.add(node);
            return node.startsWith("stuck")
                    ? Future.failedFuture("node did not answer init:stop()")
                    : Future.succeededFuture();
        }
    };
    private final NodeStopper.Outcome outcome = new NodeStopper.Outcome() {
        @Override
        public void stopped(String node, String reason) {
            outcomes.add(node + " STOPPED: " + reason);
        }

        @Override
        public void failed(String node, String reason) {
            outcomes.add(node + " FAILED: " + reason);
        }
    };

    @Test
    void aDrainingNodeIsStoppedOnlyAfterTheDrainPeriod() {
        NodeStopper stopper = new NodeStopper(Duration.ofSeconds(30), Map.of("sim", provider), timers, outcome);

        stopper.stop("web-1", "sim");
        assertThat(stopCalls).as("still draining").isEmpty();
        assertThat(timers.delays).containsExactly(Duration.ofSeconds(30));
        timers.due.get(0).run();

        assertThat(stopCalls).containsExactly("web-1");
        assertThat(outcomes).containsExactly("web-1 STOPPED: stopped by sim");
    }

    @Test
    void withoutADrainTheProviderStopsTheNodeAtOnceAndItsFailureIsReported() {
        NodeStopper stopper = new NodeStopper(Duration.ZERO, Map.of("sim", provider), timers, outcome);

        stopper.stop("stuck-1", "sim");
        stopper.stop("web-2", "gone");

        assertThat(timers.delays).isEmpty();
        assertThat(outcomes)
                .containsExactly(
                        "stuck-1 FAILED: sim could not stop the node: node did not answer init:stop()",
                        "web-2 FAILED: gone could not stop the node: provider gone is not configured in this deployer");
    }
}
