package io.numbat.console.manage;

import static io.numbat.console.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.OperatorAction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
    private final AuditTrail trail = new AuditTrail();

    private static OperatorAction action(String id, String node, long t) {
        return OperatorAction.newBuilder()
                .setRequestId(id)
                .setWho("ann")
                .setTimestamp(Instant.ofEpochMilli(t))
                .setNode(node)
                .setAction(ActionKind.GC)
                .setReason("memory")
                .setDeadline(Instant.ofEpochMilli(t + 30_000))
                .build();
    }

    @Test
    void joinsActionsAndResultsByRequestIdNewestFirst() {
        OperatorAction first = action("r-1", "a@sim", 1_000);
        OperatorAction second = action("r-2", "a@sim", 2_000);
        trail.onAction(first);
        trail.onResult(result(first, ActionStatus.EXECUTING, "collecting"));
        trail.onResult(result(first, ActionStatus.DONE, "collected"));
        trail.onAction(second);
        trail.onAction(action("r-3", "b@sim", 3_000));

        assertThat(trail.forNode("a@sim")).extracting(AuditEntry::requestId).containsExactly("r-2", "r-1");
        AuditEntry e = trail.forNode("a@sim").get(1);
        assertThat(e.action()).contains(first);
        assertThat(e.results())
                .extracting(r -> r.getStatus())
                .containsExactly(ActionStatus.EXECUTING, ActionStatus.DONE);
        assertThat(trail.forNode("a@sim").get(0).last()).isEmpty();
        assertThat(trail.forNode("nobody@nowhere")).isEmpty();
    }

    @Test
    void aResultAloneIsAnEntryToo() {
        // the compacted results topic outlives the actions topic's retention
        trail.onResult(result(action("r-9", "a@sim", 5_000), ActionStatus.REFUSED, "bad signature"));
        AuditEntry e = trail.forNode("a@sim").get(0);
        assertThat(e.action()).isEmpty();
        assertThat(e.requestedAt()).isEqualTo(5_000);
        assertThat(trail.hasNode("a@sim")).isTrue();
    }

    @Test
    void keepsTheLatestPerNode() {
        for (int i = 0; i < AuditTrail.PER_NODE + 5; i++) {
            trail.onAction(action("r-" + i, "a@sim", 1_000 + i));
        }
        assertThat(trail.forNode("a@sim")).hasSize(AuditTrail.PER_NODE);
        assertThat(trail.forNode("a@sim").get(0).requestId()).isEqualTo("r-" + (AuditTrail.PER_NODE + 4));
    }
}
