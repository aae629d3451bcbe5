package io.numbat.console.view;

import static io.numbat.console.Fixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import org.junit.jupiter.api.Test;

class DeploymentBoardTest {
    private static DeploymentEvent event(String node, String decision, DeploymentState s, long t) {
        DeploymentEvent e = deployment(node, "web", s, t);
        e.setDecisionId(decision);
        return e;
    }

    @Test
    void groupsNodesByRequestAndCountsTheirStates() {
        DeploymentBoard b = new DeploymentBoard(10);
        b.onDeployment(event("web-5@sim", "d-1", DeploymentState.REQUESTED, 1));
        b.onDeployment(event("web-6@sim", "d-1", DeploymentState.STARTING, 2));
        b.onDeployment(event("web-5@sim", "d-1", DeploymentState.RUNNING, 3));
        b.onDeployment(event("web-9@sim", null, DeploymentState.RUNNING, 4));
        assertThat(b.requests(10)).extracting(DeploymentBoard.Request::id).containsExactly("d-1", "web/simulated");
        DeploymentBoard.Request r = b.requests(10).get(0);
        assertThat(r.byState()).containsEntry(DeploymentState.RUNNING, 1).containsEntry(DeploymentState.STARTING, 1);
        assertThat(r.started()).isEqualTo(1);
        assertThat(r.updated()).isEqualTo(3);
        assertThat(r.inProgress()).isTrue();
        assertThat(b.requests(10).get(1).inProgress()).isFalse();
    }

    @Test
    void aNodeBelongsToItsLatestRequestAndTombstonesForgetIt() {
        DeploymentBoard b = new DeploymentBoard(10);
        b.onDeployment(event("web-5@sim", "d-1", DeploymentState.RUNNING, 1));
        b.onDeployment(event("web-5@sim", "d-2", DeploymentState.STOPPING, 2));
        assertThat(b.requests(10))
                .singleElement()
                .satisfies(r -> assertThat(r.id()).isEqualTo("d-2"));
        b.remove("web-5@sim");
        assertThat(b.requests(10)).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestRequests() {
        DeploymentBoard b = new DeploymentBoard(3);
        for (int i = 0; i < 5; i++) {
            b.onDeployment(event("web-" + i + "@sim", "d-" + i, DeploymentState.RUNNING, i));
        }
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.requests(10)).extracting(DeploymentBoard.Request::id).containsExactly("d-4", "d-3", "d-2");
    }
}
