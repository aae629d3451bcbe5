package io.numbat.deployer.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.deployer.cluster.FamilyRebalance;
import io.numbat.deployer.cluster.Handover;
import io.numbat.deployer.cluster.Ownership;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.launch.FakeProvider;
import io.numbat.deployer.launch.ManualScheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.kubernetes.KubernetesNames;
import io.numbat.deployer.provider.kubernetes.PodTemplate;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The deployer's core on a manual clock, with fake providers: what it publishes for a decision, and
 * what it asks the providers to do. Ownership is the production one: a one-partition decisions topic
 * whose partition the {@link FamilyRebalance} assigns (and, in one test, revokes).
 */
class DecisionExecutorTest {
    /** Two providers: {@code cheap} is placed first, {@code dear} takes a retry; 60 s to start, one retry after 2 s, 30 s drain. */
    private static final DeployerConfig CONFIG = DeployerConfig.parse("""
            {"providers": [{"name": "cheap", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                            "maxNodes": 10, "costPerNodeHour": 0},
                           {"name": "dear", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                            "maxNodes": 10, "costPerNodeHour": 1}],
             "families": {"web": {"run": {"command": ["sim"]}, "maxNodes": 10}},
             "launch": {"startTimeout": "60s", "retries": 1, "backoff": "2s"},
             "drain": "30s"}
            """);

    private static final TopicPartition DECISIONS = new TopicPartition("decisions", 0);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final DeploymentTracker tracker = new DeploymentTracker();
    private final Handover handover = new Handover(new Ownership(1), tracker);
    private final List<DeploymentEvent> published = new ArrayList<>();
    private final List<ScalingDecision> forwarded = new ArrayList<>();
    private DecisionExecutor executor;
    private FamilyRebalance rebalance;

    /** The executor over {@code cheap} and {@code dear}, acting for every family. */
    private DecisionExecutor executor(FakeProvider cheap, FakeProvider dear) {
        Map<String, NodeProvider> providers = Map.of(cheap.name(), cheap, dear.name(), dear);
        executor = new DecisionExecutor(
                CONFIG,
                providers,
                tracker,
                scheduler,
                scheduler.clock(),
                handover::owns,
                published::add,
                forwarded::add);
        rebalance = new FamilyRebalance(
                handover, executor.launcher(), () -> CompletableFuture.completedFuture(null), () -> {}, Runnable::run);
        rebalance.onPartitionsAssigned(List.of(DECISIONS));
        return executor;
    }

    private static FakeProvider cheap(FakeProvider.Behaviour b) {
        return new FakeProvider("cheap", b);
    }

    private static FakeProvider dear() {
        return new FakeProvider("dear", FakeProvider.Behaviour.SUCCEED);
    }

    private static ScalingDecision decision(String id, String family, ScalingAction action, int count) {
        return ScalingDecision.newBuilder()
                .setId(id)
                .setFamily(family)
                .setTimestamp(Instant.EPOCH)
                .setAction(action)
                .setCount(count)
                .setCurrentNodes(0)
                .setReason("test")
                .setSource("policy")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
    }

    private static ScalingDecision scaleOut(String id, int count) {
        return decision(id, "web", ScalingAction.SCALE_OUT, count);
    }

    /** Every published move as "node STATE provider". */
    private List<String> moves() {
        return published.stream()
                .map(e -> e.getNode() + " " + e.getState() + " " + e.getProvider())
                .toList();
    }

    /** The nodes published REQUESTED, in order. */
    private List<String> requested() {
        return published.stream()
                .filter(e -> e.getState() == DeploymentState.REQUESTED)
                .map(DeploymentEvent::getNode)
                .distinct()
                .toList();
    }

    private DeploymentEvent last() {
        return published.get(published.size() - 1);
    }

    @Test
    void aRedeliveredDecisionLaunchesNothingTwice() {
        FakeProvider cheap = cheap(FakeProvider.Behaviour.SUCCEED);
        executor(cheap, dear());
        executor.execute(scaleOut("web@1", 2));
        scheduler.settle();
        requested().forEach(node -> executor.metricsArrived(node, () -> null));
        List<String> once = moves();

        executor.execute(scaleOut("web@1", 2));
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(once)
                .hasSize(6)
                .filteredOn(m -> m.contains(" RUNNING cheap"))
                .hasSize(2);
        assertThat(moves()).as("nothing published for the second delivery").isEqualTo(once);
        assertThat(cheap.started).hasSize(2).doesNotHaveDuplicates();
    }

    /**
     * How a Kubernetes-launched node reaches RUNNING: its pod runs {@code erl -sname NODE@POD}, so an agent that
     * discovers it reports it as {@code NODE@POD}, which is Numbat node NODE; a scrape target must be named NODE (or
     * {@code NODE@anything}). A batch under another name (a scrape target left at its default, the URL's host:port)
     * makes nothing RUNNING.
     */
    @Test
    void aPodsErlangNameOrATargetNamedAfterTheNodeMakesItRunning() {
        executor(cheap(FakeProvider.Behaviour.SUCCEED), dear());
        executor.execute(scaleOut("web@k8s", 3));
        scheduler.settle();
        List<String> nodes = requested();
        FamilyConfig erl = new FamilyConfig(
                "web", new Profile(1, 1024, null, null, null, Map.of()), new Run.Erl(List.of()), 0, 10, "/c");
        List<String> command = PodTemplate.pod(nodes.get(0), erl, "image", Duration.ofSeconds(30))
                .getSpec()
                .getContainers()
                .get(0)
                .getCommand();
        String erlangName = command.get(command.indexOf("-sname") + 1);
        assertThat(erlangName).isEqualTo(nodes.get(0) + "@" + KubernetesNames.podName(nodes.get(0)));

        executor.metricsArrived(erlangName, () -> null); // an agent with --discover
        executor.metricsArrived(nodes.get(1), () -> null); // numbat scrape, the target's node: the node's name
        executor.metricsArrived("10.1.2.3:9568", () -> null); // a target left at its default name

        assertThat(tracker.state(nodes.get(0))).contains(DeploymentState.RUNNING);
        assertThat(tracker.state(nodes.get(1))).contains(DeploymentState.RUNNING);
        assertThat(tracker.state(nodes.get(2))).contains(DeploymentState.STARTING);
    }

    @Test
    void aDecisionRedeliveredAfterACrashLaunchesOnlyTheNodesNoEventRecords() {
        // a first deployer recorded one of the decision's three nodes before it died
        DeploymentTracker before = new DeploymentTracker();
        List<NodeSpec> specs = before.accept(scaleOut("web@2", 3));
        tracker.restore(before.requested(specs.get(0), "cheap", 0));
        FakeProvider cheap = cheap(FakeProvider.Behaviour.SUCCEED);
        executor(cheap, dear()); // takes over the family: resumes the recorded node's launch

        executor.execute(scaleOut("web@2", 3));
        scheduler.settle();

        assertThat(requested())
                .as("REQUESTED published for the nodes not recorded yet")
                .containsExactly(specs.get(1).node(), specs.get(2).node());
        assertThat(cheap.started)
                .containsExactlyInAnyOrder(
                        specs.get(0).node(), specs.get(1).node(), specs.get(2).node());
    }

    @Test
    void everyNodeOfAnUnknownFamilyIsFailedOnNoProviderWithTheReason() {
        FakeProvider cheap = cheap(FakeProvider.Behaviour.SUCCEED);
        executor(cheap, dear());

        executor.execute(decision("cache@1", "cache", ScalingAction.SCALE_OUT, 2));
        scheduler.settle();

        assertThat(published).hasSize(2).allSatisfy(e -> {
            assertThat(e.getState()).isEqualTo(DeploymentState.FAILED);
            assertThat(e.getProvider()).isEqualTo(DeploymentTracker.NO_PROVIDER);
            assertThat(e.getFamily()).isEqualTo("cache");
            assertThat(e.getReason()).startsWith("decision cache@1: unknown family 'cache'");
        });
        assertThat(cheap.started).isEmpty();
    }

    @Test
    void aDecisionThatBreaksARuleIsRejectedAndNothingIsPublished() {
        executor(cheap(FakeProvider.Behaviour.SUCCEED), dear());

        assertThatThrownBy(() -> executor.execute(scaleOut("web@huge", 11)))
                .isInstanceOf(DecisionRejectedException.class)
                .hasMessageContaining("more than the family may ever hold (10)");
        assertThat(published).isEmpty();
    }

    @Test
    void aScaleInDrainsTheNewestNodeBeforeItsProviderStopsIt() {
        FakeProvider cheap = cheap(FakeProvider.Behaviour.SUCCEED);
        executor(cheap, dear());
        executor.execute(scaleOut("web@1", 2));
        scheduler.settle();
        requested().forEach(node -> executor.metricsArrived(node, () -> null));
        String newest = requested().get(1);

        executor.execute(decision("web@in", "web", ScalingAction.SCALE_IN, 1));
        scheduler.settle();

        assertThat(last().getNode()).isEqualTo(newest);
        assertThat(last().getState()).isEqualTo(DeploymentState.STOPPING);
        assertThat(last().getDecisionId()).isEqualTo("web@in");
        assertThat(last().getReason()).isEqualTo("test; draining for 30000 ms");
        scheduler.advance(Duration.ofSeconds(29));
        assertThat(cheap.stopped).as("still draining").isEmpty();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(cheap.stopped).containsExactly(newest);
        assertThat(last().getNode()).isEqualTo(newest);
        assertThat(last().getState()).isEqualTo(DeploymentState.STOPPED);
        assertThat(last().getTimestamp()).isEqualTo(Instant.ofEpochMilli(30_000));
        assertThat(tracker.state(requested().get(0))).contains(DeploymentState.RUNNING);
    }

    @Test
    void aLaunchThatTimesOutIsRetriedOnAnotherProvider() {
        FakeProvider cheap = cheap(FakeProvider.Behaviour.HANG);
        FakeProvider dear = dear();
        executor(cheap, dear);
        executor.execute(scaleOut("web@1", 1));
        scheduler.settle();
        String node = requested().get(0);
        assertThat(moves()).containsExactly(node + " REQUESTED cheap", node + " STARTING cheap");

        scheduler.advance(Duration.ofSeconds(60));

        assertThat(cheap.stopped).as("the hung attempt is cleaned up").containsExactly(node);
        assertThat(last().getState()).isEqualTo(DeploymentState.REQUESTED);
        assertThat(last().getProvider()).isEqualTo("dear");
        assertThat(last().getReason())
                .startsWith("attempt 1 on cheap: not RUNNING within 60s; attempt 2 of 2 on dear in 2s");
        assertThat(dear.started).as("not before the back-off").isEmpty();

        scheduler.advance(Duration.ofSeconds(2));
        executor.metricsArrived(node, () -> null);

        assertThat(dear.started).containsExactly(node);
        assertThat(moves())
                .containsExactly(
                        node + " REQUESTED cheap",
                        node + " STARTING cheap",
                        node + " REQUESTED dear",
                        node + " STARTING dear",
                        node + " RUNNING dear");
        assertThat(published.get(3).getTimestamp()).as("from the clock").isEqualTo(Instant.ofEpochMilli(62_000));
    }

    @Test
    void aDeployerThatLosesTheFamilyMidLaunchLeavesTheNodeToItsNewOwner() {
        FakeProvider cheap = cheap(FakeProvider.Behaviour.HANG);
        executor(cheap, dear());
        executor.execute(scaleOut("web@1", 1));
        scheduler.settle();
        String node = requested().get(0);
        List<String> beforeHandover = moves();

        rebalance.onPartitionsRevoked(List.of(DECISIONS));
        scheduler.advance(Duration.ofMinutes(5)); // well past the start time-out and the back-off
        executor.metricsArrived(node, () -> null);
        ScalingDecision next = scaleOut("web@2", 1);
        executor.execute(next);
        scheduler.settle();

        assertThat(beforeHandover).containsExactly(node + " REQUESTED cheap", node + " STARTING cheap");
        assertThat(moves())
                .as("no retry, FAILED or RUNNING published: the new owner writes them")
                .isEqualTo(beforeHandover);
        assertThat(cheap.stopped)
                .as("the node keeps starting for its new owner")
                .isEmpty();
        assertThat(cheap.started).containsExactly(node);
        assertThat(executor.launcher().launching(node)).isFalse();
        assertThat(tracker.state(node))
                .as("its metrics are the new owner's to act on")
                .contains(DeploymentState.STARTING);
        assertThat(forwarded).as("a later decision goes to the family's owner").containsExactly(next);
    }

    @Test
    void aNodeStillDrainingWhenTheFamilyMovesIsNotReportedStoppedByTheOldOwner() {
        FakeProvider cheap = cheap(FakeProvider.Behaviour.SUCCEED);
        executor(cheap, dear());
        executor.execute(scaleOut("web@1", 1));
        scheduler.settle();
        String node = requested().get(0);
        executor.metricsArrived(node, () -> null);
        executor.execute(decision("web@in", "web", ScalingAction.SCALE_IN, 1));
        scheduler.settle();
        assertThat(last().getState()).isEqualTo(DeploymentState.STOPPING);
        int before = published.size();

        rebalance.onPartitionsRevoked(List.of(DECISIONS));
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(cheap.stopped).as("the drain ends and the provider stops it").containsExactly(node);
        assertThat(published).as("STOPPED is the new owner's to publish").hasSize(before);
    }
}
