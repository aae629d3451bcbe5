package io.numbat.console.remedy;

import static io.numbat.console.Fixtures.next;
import static io.numbat.console.Fixtures.remediation;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationBoardTest {
    private static Remediation proposed(String node, long t) {
        return remediation(node, "web", RemediationState.PROPOSED, RemediationMode.AUTO, t, "opened");
    }

    @Test
    void keepsTheLastStatePerIdAndCountsByState() {
        RemediationBoard b = new RemediationBoard();
        Remediation r = proposed("web-1@sim", 1_000);
        b.onRemediation(r);
        b.onRemediation(next(r, RemediationState.APPROVED, 1_001, "approved"));
        b.onRemediation(next(r, RemediationState.EXECUTING, 1_002, "replacing"));
        b.onRemediation(proposed("web-2@sim", 2_000));
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.find(r.getId()).orElseThrow().getState()).isEqualTo(RemediationState.EXECUTING);
        assertThat(b.byState())
                .containsEntry(RemediationState.EXECUTING, 1)
                .containsEntry(RemediationState.PROPOSED, 1)
                .containsEntry(RemediationState.DONE, 0);
        assertThat(b.list(null, null, List.of(RemediationState.EXECUTING)))
                .extracting(Remediation::getNode)
                .containsExactly("web-1@sim");
        b.remove(r.getId());
        assertThat(b.find(r.getId())).isEmpty();
    }

    @Test
    void forgetsTheLeastRecentlyUpdatedPastItsBoundAndCountsIt() {
        RemediationBoard b = new RemediationBoard(2);
        Remediation old = proposed("web-1@sim", 1_000);
        b.onRemediation(old);
        b.onRemediation(proposed("web-2@sim", 2_000));
        b.onRemediation(next(old, RemediationState.APPROVED, 3_000, "approved")); // updated: now the newest
        b.onRemediation(proposed("web-3@sim", 4_000));
        assertThat(b.list(null, null, null)).extracting(Remediation::getNode).containsExactly("web-3@sim", "web-1@sim");
        assertThat(b.dropped()).isEqualTo(1);
    }

    @Test
    void anErlangNodesPageListsTheRemediationsOfItsDeployerNode() {
        RemediationBoard b = new RemediationBoard();
        Remediation r = proposed("web-7", 1_000);
        b.onRemediation(r);
        assertThat(b.list(null, "web-7@host", null)).containsExactly(r);
        assertThat(b.list(null, "web-7", null)).containsExactly(r);
        assertThat(b.list(null, "web-77@host", null)).isEmpty();
        assertThat(b.hasNode("web-7@host")).isTrue();
    }
}
