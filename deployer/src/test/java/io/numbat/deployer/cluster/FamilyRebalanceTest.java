package io.numbat.deployer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.deployer.config.LaunchSettings;
import io.numbat.deployer.launch.LaunchListener;
import io.numbat.deployer.launch.LaunchSupervisor;
import io.numbat.deployer.launch.RetryPlacer;
import io.numbat.deployer.launch.Scheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.schemas.DeploymentState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FamilyRebalanceTest {
    private static final String TOPIC = "numbat.scaling-decisions";
    private static final String WEB = "web";
    private static final String DB = Stream.of("db", "queue", "cache", "edge")
            .filter(f -> Ownership.partitionOf(f, 3) != Ownership.partitionOf(WEB, 3))
            .findFirst()
            .orElseThrow();

    private final List<String> started = new ArrayList<>();
    private final List<String> announced = new ArrayList<>();
    private int flushes;

    private final NodeProvider provider = new NodeProvider() {
        @Override
        public String name() {
            return "sim";
        }

        @Override
        public Future<Void> start(NodeSpec spec) {
            started.add(spec.node());
            return Promise.<Void>promise().future(); // still starting
        }

        @Override
        public Future<Void> stop(String node) {
            return Future.succeededFuture();
        }
    };

    /** Timers never fire: the test is about who launches what, not when. */
    private final Scheduler frozen = new Scheduler() {
        private long ids;

        @Override
        public long schedule(Duration delay, Runnable task) {
            return ids++;
        }

        @Override
        public void cancel(long id) {}

        @Override
        public void execute(Runnable task) {
            task.run();
        }
    };

    private final LaunchSupervisor launcher = new LaunchSupervisor(
            new LaunchSettings(Duration.ofMinutes(1), 0, Duration.ofSeconds(1)),
            Map.of("sim", provider),
            Map.of("sim", 10),
            (spec, tried) -> RetryPlacer.Pick.none("none"),
            frozen,
            new LaunchListener() {
                @Override
                public void starting(NodeSpec spec, String p, String reason) {
                    announced.add(spec.node());
                }

                @Override
                public void retrying(NodeSpec spec, String p, String reason) {}

                @Override
                public void failed(NodeSpec spec, String p, String reason) {}
            });
    private final DeploymentTracker tracker = new DeploymentTracker();
    private final Handover handover = new Handover(new Ownership(3), tracker);

    private FamilyRebalance rebalance(CompletableFuture<Void> caughtUp) {
        return new FamilyRebalance(handover, launcher, () -> caughtUp, () -> flushes++, Runnable::run);
    }

    private static List<TopicPartition> partitionOf(String family) {
        return List.of(new TopicPartition(TOPIC, Ownership.partitionOf(family, 3)));
    }

    /** What the previous owner of web and db wrote before it died. */
    private void previousOwnerWrote() {
        DeploymentTracker dead = new DeploymentTracker();
        tracker.restore(dead.requested(new NodeSpec("web-1", WEB, "d1", null), "sim", 1));
        tracker.restore(dead.move("web-1", DeploymentState.STARTING, 2, null).orElseThrow());
        tracker.restore(dead.requested(new NodeSpec("web-2", WEB, "d1", null), "sim", 3));
        tracker.restore(dead.requested(new NodeSpec(DB + "-1", DB, "d2", null), "sim", 4));
    }

    @Test
    void anAssignedPartitionsLaunchesResumeWithoutASecondStartingEvent() {
        previousOwnerWrote();

        rebalance(CompletableFuture.completedFuture(null)).onPartitionsAssigned(partitionOf(WEB));

        assertThat(started)
                .as("the provider is asked for both; a node already up is not started twice by it")
                .containsExactly("web-1", "web-2");
        assertThat(announced)
                .as("STARTING is written only for the node no event showed starting")
                .containsExactly("web-2");
        assertThat(launcher.launching(DB + "-1"))
                .as("another partition's family")
                .isFalse();
    }

    @Test
    void aRevokedPartitionsLaunchesAreForgottenAndTheEventsFlushed() {
        previousOwnerWrote();
        FamilyRebalance r = rebalance(CompletableFuture.completedFuture(null));
        r.onPartitionsAssigned(partitionOf(WEB));

        r.onPartitionsRevoked(partitionOf(WEB));

        assertThat(launcher.launching("web-1")).isFalse();
        assertThat(launcher.inFlight("sim")).isZero();
        assertThat(handover.owns(WEB)).isFalse();
        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void refusesToTakeOverWhenTheRegistryCannotBeReadToItsEnd() {
        previousOwnerWrote();
        FamilyRebalance r = rebalance(CompletableFuture.failedFuture(new IllegalStateException("follower stopped")));

        assertThatThrownBy(() -> r.onPartitionsAssigned(partitionOf(WEB)))
                .hasMessageContaining("could not be read to its end")
                .hasRootCauseMessage("follower stopped");

        assertThat(started).isEmpty();
        assertThat(handover.owns(WEB)).isFalse();
    }

    @Test
    void nodesATakenOverFamilyLeftStoppingAreStoppedAgain() {
        DeploymentTracker dead = new DeploymentTracker();
        for (String family : List.of(WEB, DB)) {
            String node = family + "-9";
            tracker.restore(dead.requested(new NodeSpec(node, family, "d9", null), "sim", 1));
            tracker.restore(dead.move(node, DeploymentState.STARTING, 2, null).orElseThrow());
            tracker.restore(dead.metricsSeen(node, 3).orElseThrow());
            tracker.restore(dead.moveFor(family + "@in", node, DeploymentState.STOPPING, 4, "scale-in")
                    .orElseThrow());
        }
        List<String> stoppedAgain = new ArrayList<>();

        rebalance(CompletableFuture.completedFuture(null))
                .withStopAgain(stoppedAgain::add)
                .onPartitionsAssigned(partitionOf(WEB));

        assertThat(stoppedAgain).containsExactly("web-9");
    }
}
