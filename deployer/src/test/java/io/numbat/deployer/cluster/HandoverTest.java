package io.numbat.deployer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.deployer.state.DeploymentTracker.Unfinished;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HandoverTest {
    private static final int PARTITIONS = 3;
    /** Two families whose decisions land on different partitions. */
    private static final String WEB = "web";

    private static final String DB = Stream.of("db", "queue", "cache", "edge", "beam")
            .filter(f -> Ownership.partitionOf(f, PARTITIONS) != Ownership.partitionOf(WEB, PARTITIONS))
            .findFirst()
            .orElseThrow();
    private static final int WEB_PARTITION = Ownership.partitionOf(WEB, PARTITIONS);
    private static final int DB_PARTITION = Ownership.partitionOf(DB, PARTITIONS);

    /** numbat.deployments as both deployers see it. */
    private final List<DeploymentEvent> log = new ArrayList<>();

    private final DeploymentTracker aTracker = new DeploymentTracker();
    private final Handover a = new Handover(new Ownership(PARTITIONS), aTracker);
    private final DeploymentTracker bTracker = new DeploymentTracker();
    private final Handover b = new Handover(new Ownership(PARTITIONS), bTracker);

    private static NodeSpec spec(String node, String family) {
        return new NodeSpec(node, family, family + "@1", null);
    }

    private void aPublishes(DeploymentEvent e) {
        log.add(e);
    }

    private void bFollows() {
        log.forEach(b::follow);
    }

    @Test
    void theNewOwnerResumesOnlyItsNewFamiliesUnfinishedLaunches() {
        a.takeOver(List.of(WEB_PARTITION, DB_PARTITION), n -> false);
        aPublishes(aTracker.requested(spec("web-1", WEB), "sim", 1));
        aPublishes(aTracker.move("web-1", DeploymentState.STARTING, 2, null).orElseThrow());
        aPublishes(aTracker.requested(
                spec("web-2", WEB), "sim", 3)); // never started, or started but STARTING never written
        aPublishes(aTracker.requested(spec("web-3", WEB), "sim", 4));
        aPublishes(aTracker.move("web-3", DeploymentState.STARTING, 5, null).orElseThrow());
        aPublishes(aTracker.move("web-3", DeploymentState.RUNNING, 6, null).orElseThrow());
        aPublishes(aTracker.requested(spec(DB + "-1", DB), "sim", 7));
        bFollows();
        assertThat(bTracker.nodes())
                .as("b knows every node of the families it does not own")
                .hasSize(4);

        // a is killed; the group gives web's partition to b
        List<Unfinished> resumed = b.takeOver(List.of(WEB_PARTITION), n -> false);

        assertThat(resumed)
                .extracting(u -> u.spec().node() + " " + u.state())
                .containsExactly("web-1 STARTING", "web-2 REQUESTED");
        assertThat(b.owns(WEB)).isTrue();
        assertThat(b.owns(DB)).isFalse();
    }

    @Test
    void theOwnerIgnoresTheEchoOfItsOwnEventsAndFollowsAgainAfterHandingOver() {
        b.takeOver(List.of(WEB_PARTITION), n -> false);
        DeploymentEvent requested = bTracker.requested(spec("web-1", WEB), "sim", 1);
        DeploymentEvent starting =
                bTracker.move("web-1", DeploymentState.STARTING, 2, null).orElseThrow();
        bTracker.move("web-1", DeploymentState.RUNNING, 3, null).orElseThrow();

        assertThat(b.follow(requested))
                .as("its own echo, older than what it knows")
                .isFalse();
        assertThat(bTracker.state("web-1")).contains(DeploymentState.RUNNING);

        assertThat(b.handOver(List.of(WEB_PARTITION))).containsExactly("web-1");
        assertThat(b.follow(starting)).isTrue();
        assertThat(bTracker.state("web-1"))
                .as("the log is the truth for a family it does not own")
                .contains(DeploymentState.STARTING);
    }

    @Test
    void aLaunchAlreadyUnderWayHereIsNotResumedTwice() {
        bTracker.restore(aTracker.requested(spec("web-1", WEB), "sim", 1));
        assertThat(b.takeOver(List.of(WEB_PARTITION), Set.of("web-1")::contains))
                .isEmpty();
    }
}
