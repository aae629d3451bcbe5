package io.numbat.agent.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryKind;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.TopKey;
import io.numbat.schemas.manage.ActionSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
    static final byte[] TOKEN = "op-token".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_000_000;

    final FakeNode node = new FakeNode("web-1@sim", "<0.88.0>");
    final List<ActionResult> written = new ArrayList<>();
    final List<NodeQueryResult> answers = new ArrayList<>();
    final ActionLedger ledger = new ActionLedger();
    boolean brokerDown;

    final CommandHandler.Results results = new CommandHandler.Results() {
        @Override
        public void durable(ActionResult result) throws Exception {
            if (brokerDown) {
                throw new Exception("no acknowledgement");
            }
            written.add(result);
        }

        @Override
        public void answer(NodeQueryResult result) {
            answers.add(result);
        }
    };

    CommandHandler handler(Optional<byte[]> token) {
        return new CommandHandler(
                "agent@test",
                n -> n.equals(node.node) ? Optional.of(node) : Optional.empty(),
                token,
                ledger,
                results,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    static OperatorAction.Builder action(String id, ActionKind kind, String pid) {
        return OperatorAction.newBuilder()
                .setRequestId(id)
                .setWho("alice")
                .setTimestamp(Instant.ofEpochMilli(NOW - 100))
                .setNode("web-1@sim")
                .setPid(pid)
                .setAction(kind)
                .setReason("runaway")
                .setDryRun(false)
                .setDeadline(Instant.ofEpochMilli(NOW + 30_000));
    }

    static OperatorAction signed(OperatorAction.Builder b) {
        return ActionSignature.signed(b.build(), TOKEN);
    }

    @Test
    void aSignedKillIsCarriedOutAfterItsExecutingResultIsWritten() throws Exception {
        handler(Optional.of(TOKEN)).act(signed(action("r1", ActionKind.KILL, "<0.88.0>")));

        assertThat(node.carriedOut).containsExactly("kill <0.88.0>");
        assertThat(written)
                .extracting(ActionResult::getStatus)
                .containsExactly(ActionStatus.EXECUTING, ActionStatus.DONE);
        ActionResult done = written.get(1);
        assertThat(done.getAgent()).isEqualTo("agent@test");
        assertThat(done.getWho()).isEqualTo("alice");
        assertThat(done.getReason()).isEqualTo("runaway");
        assertThat(done.getAction()).isEqualTo("kill");
        assertThat(done.getMessage()).isEqualTo("killed <0.88.0>");
        assertThat(done.getDuplicate()).isFalse();
    }

    @Test
    void aRedeliveredActionIsAnsweredButNotCarriedOutAgain() throws Exception {
        CommandHandler h = handler(Optional.of(TOKEN));
        OperatorAction kill = signed(action("r1", ActionKind.KILL, "<0.88.0>"));
        h.act(kill);
        h.act(kill);

        assertThat(node.carriedOut).containsExactly("kill <0.88.0>");
        ActionResult again = written.get(written.size() - 1);
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getStatus()).isEqualTo(ActionStatus.DONE);
        assertThat(again.getMessage()).contains("delivered again", "not carried out again");
    }

    @Test
    void anActionFoundExecutingInTheLedgerIsInterruptedNotRun() throws Exception {
        OperatorAction kill = signed(action("r1", ActionKind.KILL, "<0.88.0>"));
        // an earlier agent wrote EXECUTING and stopped before its end
        ledger.record(ActionResult.newBuilder()
                .setRequestId("r1")
                .setNode("web-1@sim")
                .setAction("kill")
                .setWho("alice")
                .setReason("runaway")
                .setStatus(ActionStatus.EXECUTING)
                .setMessage("carrying out")
                .setAgent("agent@before")
                .setRequestedAt(Instant.ofEpochMilli(NOW - 100))
                .setTimestamp(Instant.ofEpochMilli(NOW - 50))
                .build());

        handler(Optional.of(TOKEN)).act(kill);

        assertThat(node.carriedOut).isEmpty();
        assertThat(written).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ActionStatus.INTERRUPTED);
            assertThat(r.getDuplicate()).isTrue();
            assertThat(r.getMessage()).contains("not carried out again");
        });
    }

    @Test
    void nothingIsCarriedOutWhenItsExecutingResultCannotBeWritten() {
        brokerDown = true;
        assertThatThrownBy(() -> handler(Optional.of(TOKEN)).act(signed(action("r1", ActionKind.KILL, "<0.88.0>"))))
                .hasMessageContaining("no acknowledgement");
        assertThat(node.carriedOut).isEmpty();
        assertThat(ledger.get("r1")).isEmpty();
    }

    @Test
    void unsignedBadlySignedAndTokenlessActionsAreRefused() throws Exception {
        handler(Optional.of(TOKEN))
                .act(action("unsigned", ActionKind.KILL, "<0.88.0>").build());
        handler(Optional.of(TOKEN))
                .act(ActionSignature.signed(
                        action("other", ActionKind.KILL, "<0.88.0>").build(),
                        "wrong".getBytes(StandardCharsets.UTF_8)));
        OperatorAction tampered = OperatorAction.newBuilder(signed(action("tampered", ActionKind.GC, null)))
                .setAction(ActionKind.KILL)
                .setPid("<0.88.0>")
                .build();
        handler(Optional.of(TOKEN)).act(tampered);
        handler(Optional.empty()).act(signed(action("no-token", ActionKind.KILL, "<0.88.0>")));

        assertThat(node.carriedOut).isEmpty();
        assertThat(written).extracting(ActionResult::getStatus).containsOnly(ActionStatus.REFUSED);
        assertThat(written.get(0).getMessage()).contains("not signed");
        assertThat(written.get(1).getMessage()).contains("bad signature");
        assertThat(written.get(2).getMessage()).contains("bad signature");
        assertThat(written.get(3).getMessage()).contains("no operator token");
    }

    @Test
    void anExpiredActionOrABadPidIsRefusedAndAnUnknownPidFails() throws Exception {
        CommandHandler h = handler(Optional.of(TOKEN));
        h.act(signed(action("late", ActionKind.KILL, "<0.88.0>").setDeadline(Instant.ofEpochMilli(NOW - 1))));
        h.act(signed(action("badpid", ActionKind.KILL, "<0.88.0>; halt()")));
        h.act(signed(action("nopid", ActionKind.KILL, null)));
        h.act(signed(action("unknown", ActionKind.KILL, "<0.99.0>")));

        assertThat(node.carriedOut).isEmpty();
        assertThat(written.get(0).getMessage()).contains("after its deadline");
        assertThat(written.get(1).getStatus()).isEqualTo(ActionStatus.REFUSED);
        assertThat(written.get(1).getMessage()).contains("is not a pid");
        assertThat(written.get(2).getMessage()).contains("kill needs a pid");
        ActionResult unknown = written.get(written.size() - 1);
        assertThat(unknown.getStatus()).isEqualTo(ActionStatus.FAILED);
        assertThat(unknown.getMessage()).isEqualTo("no process <0.99.0> on web-1@sim");
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndDoesNothing() throws Exception {
        handler(Optional.of(TOKEN))
                .act(signed(action("dry", ActionKind.KILL, "<0.88.0>").setDryRun(true)));
        handler(Optional.of(TOKEN))
                .act(signed(action("dry-gc", ActionKind.GC, null).setDryRun(true)));

        assertThat(node.carriedOut).isEmpty();
        assertThat(written).extracting(ActionResult::getStatus).containsOnly(ActionStatus.WOULD_DO);
        assertThat(written.get(0).getMessage()).isEqualTo("dry run: would kill <0.88.0>");
        assertThat(written.get(1).getMessage()).isEqualTo("dry run: would gc node");
    }

    @Test
    void commandsForAnotherAgentsNodeAreIgnored() throws Exception {
        CommandHandler h = handler(Optional.of(TOKEN));
        h.act(signed(action("elsewhere", ActionKind.KILL, "<0.88.0>").setNode("db-1@sim")));
        h.query(query("q", NodeQueryKind.TOP).setNode("db-1@sim").build());

        assertThat(h.watches("db-1@sim")).isFalse();
        assertThat(written).isEmpty();
        assertThat(answers).isEmpty();
        assertThat(node.carriedOut).isEmpty();
    }

    static NodeQuery.Builder query(String id, NodeQueryKind kind) {
        return NodeQuery.newBuilder()
                .setRequestId(id)
                .setNode("web-1@sim")
                .setKind(kind)
                .setWho("alice")
                .setTimestamp(Instant.ofEpochMilli(NOW - 10))
                .setDeadline(Instant.ofEpochMilli(NOW + 10_000));
    }

    @Test
    void queriesAreAnsweredWithTheirResultOrAClearError() {
        CommandHandler h = handler(Optional.empty());
        h.query(query("info", NodeQueryKind.PROCESS_INFO).setPid("0.88.0").build());
        h.query(query("top", NodeQueryKind.TOP).setBy(TopKey.MEMORY).setCount(5).build());
        h.query(query("unknown", NodeQueryKind.PROCESS_INFO).setPid("<0.99.0>").build());
        h.query(query("bad", NodeQueryKind.PROCESS_INFO).setPid("pid").build());
        h.query(query("noby", NodeQueryKind.TOP).build());

        assertThat(answers).extracting(NodeQueryResult::getOk).containsExactly(true, true, false, false, false);
        assertThat(answers.get(0).getProcess().getPid()).isEqualTo("<0.88.0>");
        assertThat(answers.get(0).getAgent()).isEqualTo("agent@test");
        assertThat(answers.get(1).getBy()).isEqualTo("memory");
        assertThat(answers.get(1).getTop()).hasSize(1);
        assertThat(answers.get(2).getError()).isEqualTo("no process <0.99.0> on web-1@sim");
        assertThat(answers.get(3).getError()).contains("'pid' is not a pid");
        assertThat(answers.get(4).getError()).contains("needs 'by'");
    }
}
