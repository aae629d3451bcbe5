package io.numbat.deployer.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.config.ScaleInPolicy;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentTrackerTest {
    private final DeploymentTracker tracker = new DeploymentTracker();

    private static ScalingDecision decision(String id, ScalingAction action, int count) {
        return ScalingDecision.newBuilder()
                .setId(id)
                .setFamily("web")
                .setTimestamp(Instant.EPOCH)
                .setAction(action)
                .setCount(count)
                .setCurrentNodes(3)
                .setReason("test")
                .setSource("policy")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
    }

    @Test
    void scaleOutYieldsOneUniquelyNamedNodePerCount() {
        List<NodeSpec> specs = tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 3));
        assertThat(specs)
                .hasSize(3)
                .extracting(NodeSpec::node)
                .doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).startsWith("web-"));
        assertThat(specs).extracting(NodeSpec::decisionId).containsOnly("web@1");
    }

    @Test
    void carriesOutADecisionOnlyOnce() {
        List<NodeSpec> specs = tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 1));
        assertThat(specs).hasSize(1);
        tracker.requested(specs.get(0), "simulated", 1); // the deployer records every node it accepts at once
        assertThat(tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 1)))
                .isEmpty();
        assertThat(tracker.accept(decision("web@2", ScalingAction.SCALE_OUT, 1)))
                .hasSize(1);
    }

    @Test
    void nodeBecomesRunningWhenItsFirstMetricsArrive() {
        NodeSpec spec =
                tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 1)).get(0);
        DeploymentEvent requested = tracker.requested(spec, "simulated", 1);
        assertThat(requested.getState()).isEqualTo(DeploymentState.REQUESTED);
        assertThat(requested.getProvider()).isEqualTo("simulated");
        assertThat(tracker.metricsSeen(spec.node(), 2)).as("not started yet").isEmpty();
        assertThat(tracker.move(spec.node(), DeploymentState.STARTING, 3, null)).isPresent();
        DeploymentEvent running = tracker.metricsSeen(spec.node(), 4).orElseThrow();
        assertThat(running.getState()).isEqualTo(DeploymentState.RUNNING);
        assertThat(running.getDecisionId()).isEqualTo("web@1");
        assertThat(tracker.metricsSeen(spec.node(), 5))
                .as("RUNNING is published once")
                .isEmpty();
    }

    @Test
    void refusesMovesTheStateMachineForbids() {
        NodeSpec spec =
                tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 1)).get(0);
        tracker.requested(spec, "simulated", 1);
        assertThat(tracker.move(spec.node(), DeploymentState.RUNNING, 2, null)).isEmpty();
        assertThat(tracker.move(spec.node(), DeploymentState.FAILED, 2, "boom"))
                .hasValueSatisfying(e -> assertThat(e.getReason()).isEqualTo("boom"));
        assertThat(tracker.move(spec.node(), DeploymentState.STARTING, 3, null))
                .as("FAILED is final")
                .isEmpty();
        assertThat(tracker.move("unknown", DeploymentState.STARTING, 3, null)).isEmpty();
    }

    @Test
    void scaleInStopsTheNewestRunningNodesOnce() {
        List<NodeSpec> specs = tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 3));
        for (NodeSpec spec : specs) {
            tracker.requested(spec, "simulated", 1);
            tracker.move(spec.node(), DeploymentState.STARTING, 2, null);
            tracker.metricsSeen(spec.node(), 3);
        }
        assertThat(tracker.accept(decision("web@9", ScalingAction.SCALE_IN, 2)))
                .as("a scale-in launches nothing")
                .isEmpty();
        List<String> stopped = tracker.scaleIn(decision("web@10", ScalingAction.SCALE_IN, 2));
        assertThat(stopped).containsExactly(specs.get(2).node(), specs.get(1).node());
        assertThat(tracker.scaleIn(decision("web@10", ScalingAction.SCALE_IN, 2)))
                .as("carried out once")
                .isEmpty();
        assertThat(tracker.move(stopped.get(0), DeploymentState.STOPPING, 4, null))
                .isPresent();
        assertThat(tracker.move(stopped.get(0), DeploymentState.STOPPED, 5, null))
                .isPresent();
        assertThat(tracker.load().ofFamily("simulated", "web")).isEqualTo(2);
        assertThat(tracker.provider(stopped.get(0))).contains("simulated");
    }

    private List<NodeSpec> running(String decisionId, int count) {
        List<NodeSpec> specs = tracker.accept(decision(decisionId, ScalingAction.SCALE_OUT, count));
        for (NodeSpec spec : specs) {
            tracker.requested(spec, "simulated", 1);
            tracker.move(spec.node(), DeploymentState.STARTING, 2, null);
            tracker.metricsSeen(spec.node(), 3);
        }
        return specs;
    }

    @Test
    void scaleInNamingNodesStopsExactlyThoseThatAreRunning() {
        List<NodeSpec> specs = running("web@1", 3);
        ScalingDecision d = decision("op-1", ScalingAction.SCALE_IN, 1);
        d.setNodes(List.of(specs.get(0).node(), "web-unknown"));
        assertThat(tracker.scaleIn(d, ScaleInPolicy.NEWEST, n -> 0))
                .containsExactly(specs.get(0).node());
    }

    @Test
    void leastLoadedScaleInStopsTheLowestUtilisationFirst() {
        List<NodeSpec> specs = running("web@1", 3);
        Map<String, Double> load = Map.of(
                specs.get(0).node(), 0.9, specs.get(1).node(), 0.1, specs.get(2).node(), 0.5);
        assertThat(tracker.scaleIn(decision("web@2", ScalingAction.SCALE_IN, 2), ScaleInPolicy.LEAST_LOADED, load::get))
                .containsExactly(specs.get(1).node(), specs.get(2).node());
    }

    @Test
    void anUnplacedNodeIsFailedOnNoProviderAndNotCountedAsLoad() {
        NodeSpec spec =
                tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 1)).get(0);
        DeploymentEvent e = tracker.unplaced(spec, 1, "no provider offers otp >= 26");
        assertThat(e.getState()).isEqualTo(DeploymentState.FAILED);
        assertThat(e.getProvider()).isEqualTo(DeploymentTracker.NO_PROVIDER);
        assertThat(e.getReason()).isEqualTo("no provider offers otp >= 26");
        assertThat(tracker.load().familyTotal("web")).isZero();
    }

    @Test
    void aRetryRequeuesAStartingNodeOnAnotherProvider() {
        NodeSpec spec =
                tracker.accept(decision("web@1", ScalingAction.SCALE_OUT, 1)).get(0);
        tracker.requested(spec, "a", 1);
        assertThat(tracker.requeue(spec.node(), "b", 2, "retry"))
                .as("not started yet")
                .isEmpty();
        tracker.move(spec.node(), DeploymentState.STARTING, 2, null);
        DeploymentEvent retry =
                tracker.requeue(spec.node(), "b", 3, "attempt 1 on a failed").orElseThrow();
        assertThat(retry.getState()).isEqualTo(DeploymentState.REQUESTED);
        assertThat(retry.getProvider()).isEqualTo("b");
        assertThat(tracker.load().ofFamily("b", "web")).isEqualTo(1);
        assertThat(tracker.loadWithout(spec.node()).familyTotal("web")).isZero();
        assertThat(tracker.unfinishedLaunches())
                .singleElement()
                .satisfies(u -> assertThat(u.provider()).isEqualTo("b"));
    }

    @Test
    void aDecisionDeliveredAgainAfterACrashLaunchesOnlyTheNodesNoEventRecords() {
        List<NodeSpec> first = tracker.accept(decision("web@7", ScalingAction.SCALE_OUT, 3));
        DeploymentTracker restarted = new DeploymentTracker();
        restarted.restore(tracker.requested(first.get(0), "simulated", 1)); // only the first REQUESTED was written

        assertThat(restarted.accept(decision("web@7", ScalingAction.SCALE_OUT, 3)))
                .extracting(NodeSpec::node)
                .containsExactly(first.get(1).node(), first.get(2).node());
    }

    @Test
    void nodeNamesDependOnTheDecisionOnly() {
        assertThat(DeploymentTracker.tag("web@7"))
                .hasSize(12)
                .isEqualTo(DeploymentTracker.tag("web@7"))
                .isNotEqualTo(DeploymentTracker.tag("web@8"));
    }

    private List<String> running(int count) {
        List<NodeSpec> specs = tracker.accept(decision("web@up", ScalingAction.SCALE_OUT, count));
        for (NodeSpec spec : specs) {
            tracker.requested(spec, "simulated", 1);
            tracker.move(spec.node(), DeploymentState.STARTING, 2, null);
            tracker.metricsSeen(spec.node(), 3);
        }
        return specs.stream().map(NodeSpec::node).toList();
    }

    @Test
    void aScaleInCutShortByACrashStopsOnlyTheRestWhenRedelivered() {
        running(5);
        ScalingDecision in = decision("web@down", ScalingAction.SCALE_IN, 3);
        List<String> chosen = tracker.scaleIn(in);
        assertThat(chosen).hasSize(3);
        // the deployer moved only the first to STOPPING before it was killed; a new one replays the topic
        DeploymentEvent stopping = tracker.moveFor(in.getId(), chosen.get(0), DeploymentState.STOPPING, 4, "test")
                .orElseThrow();
        DeploymentTracker restarted = new DeploymentTracker();
        for (NodeSpec spec : new DeploymentTracker().accept(decision("web@up", ScalingAction.SCALE_OUT, 5))) {
            restarted.restore(DeploymentEvent.newBuilder(stopping)
                    .setNode(spec.node())
                    .setDecisionId("web@up")
                    .setState(DeploymentState.RUNNING)
                    .build());
        }
        restarted.restore(stopping);
        assertThat(restarted.unfinishedStops()).containsExactly(chosen.get(0));
        List<String> rest = restarted.scaleIn(in);
        assertThat(rest).as("the decision stops 3 in all").hasSize(2).doesNotContain(chosen.get(0));
        rest.forEach(n -> restarted.moveFor(in.getId(), n, DeploymentState.STOPPING, 5, "test"));
        assertThat(restarted.scaleIn(in))
                .as("seen a third time: nothing left to stop")
                .isEmpty();
    }
}
