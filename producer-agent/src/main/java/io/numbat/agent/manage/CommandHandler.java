package io.numbat.agent.manage;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.manage.ActionSignature;
import io.numbat.schemas.manage.Pids;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the operator commands for the nodes one agent watches, without Kafka: a query gets its answer; an action
 * is checked (not seen before, signed with the operator token, before its deadline, a valid pid) and then carried
 * out at most once: its {@code EXECUTING} result is written, and acknowledged, before the node is touched, so a
 * redelivery after a crash finds it in the {@link ActionLedger} and is answered {@code INTERRUPTED} instead of run
 * again.
 */
public final class CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);
    /** The most processes a TOP query lists. */
    public static final int MAX_TOP = 1_000;

    /** Where the answers go: {@code numbat.action-results} and {@code numbat.node-query-results}. */
    public interface Results {
        /** Writes an action result and returns once the broker acknowledged it (acks=all); throws otherwise. */
        void durable(ActionResult result) throws Exception;

        /** Writes a query's answer (not waited for). */
        void answer(NodeQueryResult result);
    }

    private final String agent;
    private final ManagedNodes nodes;
    private final Optional<byte[]> token;
    private final ActionLedger ledger;
    private final Results results;
    private final Clock clock;

    /**
     * @param agent names this agent in every answer
     * @param token the operator token actions are signed with; empty: every action is refused
     */
    public CommandHandler(
            String agent,
            ManagedNodes nodes,
            Optional<byte[]> token,
            ActionLedger ledger,
            Results results,
            Clock clock) {
        this.agent = agent;
        this.nodes = nodes;
        this.token = token;
        this.ledger = ledger;
        this.results = results;
        this.clock = clock;
    }

    /** Whether this agent watches {@code node} (and so answers its commands). */
    public boolean watches(String node) {
        return nodes.find(node).isPresent();
    }

    /** Answers a query for a watched node (one of another agent's is ignored). */
    public void query(NodeQuery q) {
        Optional<ManagedNode> node = nodes.find(q.getNode());
        if (node.isEmpty()) {
            return;
        }
        NodeQueryResult.Builder r = NodeQueryResult.newBuilder()
                .setRequestId(q.getRequestId())
                .setNode(q.getNode())
                .setAgent(agent)
                .setOk(false);
        try {
            if (clock.millis() > q.getDeadline().toEpochMilli()) {
                throw new NodeCommandException("the query reached " + agent + " after its deadline (" + q.getDeadline()
                        + "): answered, but the asker has probably stopped waiting");
            }
            switch (q.getKind()) {
                case PROCESS_INFO -> {
                    String pid = pid(q.getPid());
                    ProcessDetail d = node.get().processInfo(pid);
                    r.setProcess(d);
                }
                case TOP -> {
                    if (q.getBy() == null) {
                        throw new NodeCommandException("a TOP query needs 'by' (reductions, memory or queue)");
                    }
                    if (q.getCount() < 1 || q.getCount() > MAX_TOP) {
                        throw new NodeCommandException(
                                "a TOP query lists 1 to " + MAX_TOP + " processes, not " + q.getCount());
                    }
                    TopNow top = node.get().top(q.getCount(), q.getBy());
                    r.setBy(q.getBy().name().toLowerCase(Locale.ROOT))
                            .setTop(top.processes())
                            .setTopWindowMillis(top.windowMillis());
                }
            }
            r.setOk(true);
        } catch (NodeCommandException e) {
            r.setError(e.getMessage());
        }
        results.answer(r.setTimestamp(now()).build());
    }

    /**
     * Carries out an action for a watched node at most once, answering it in every case (one of another agent's is
     * ignored).
     *
     * @throws Exception when its {@code EXECUTING} result could not be written: the action was not carried out and
     *     may be retried
     */
    public void act(OperatorAction a) throws Exception {
        Optional<ManagedNode> node = nodes.find(a.getNode());
        if (node.isEmpty()) {
            return;
        }
        Optional<ActionResult> seen = ledger.get(a.getRequestId());
        if (seen.isPresent()) {
            answerRedelivery(a, seen.get());
            return;
        }
        Optional<String> refusal = refusal(a);
        if (refusal.isPresent()) {
            LOG.warn("{}: action {} refused: {}", a.getNode(), a.getRequestId(), refusal.get());
            finish(a, ActionStatus.REFUSED, refusal.get());
            return;
        }
        Optional<String> pid = Optional.ofNullable(a.getPid()).flatMap(Pids::normalise);
        if (a.getDryRun()) {
            try {
                finish(a, ActionStatus.WOULD_DO, "dry run: " + run(node.get(), a, pid, true));
            } catch (NodeCommandException e) {
                finish(a, ActionStatus.FAILED, "dry run: " + e.getMessage());
            }
            return;
        }
        ActionResult executing = result(a, ActionStatus.EXECUTING, "carrying out " + what(a) + " on " + a.getNode());
        results.durable(executing); // before the node is touched: a redelivery will find it
        ledger.record(executing);
        ActionStatus status;
        String message;
        try {
            message = run(node.get(), a, pid, false);
            status = ActionStatus.DONE;
            LOG.info("{}: {} by {} ({}): {}", a.getNode(), what(a), a.getWho(), a.getReason(), message);
        } catch (NodeCommandException e) {
            message = e.getMessage();
            status = ActionStatus.FAILED;
            LOG.warn("{}: {} by {} failed: {}", a.getNode(), what(a), a.getWho(), message);
        }
        finish(a, status, message);
    }

    private String run(ManagedNode node, OperatorAction a, Optional<String> pid, boolean dryRun)
            throws NodeCommandException {
        return switch (a.getAction()) {
            case GC -> node.gc(pid, dryRun);
            case KILL -> node.kill(pid.orElseThrow(), a.getReason(), dryRun);
        };
    }

    /** Why the action is not carried out, if it is not. */
    private Optional<String> refusal(OperatorAction a) {
        if (token.isEmpty()) {
            return Optional.of(agent + " has no operator token (numbat agent --operator-token-file): "
                    + "it refuses every action");
        }
        if (a.getSignature() == null) {
            return Optional.of(
                    "the action is not signed: actions need the operator's token " + "(numbat action --token-file)");
        }
        if (!ActionSignature.verify(a, token.get())) {
            return Optional.of("bad signature: the action was not signed with the operator token " + agent
                    + " knows (or it was changed after signing)");
        }
        if (clock.millis() > a.getDeadline().toEpochMilli()) {
            return Optional.of(
                    "the action reached " + agent + " after its deadline (" + a.getDeadline() + "): not carried out");
        }
        if (a.getPid() == null && a.getAction() == ActionKind.KILL) {
            return Optional.of("kill needs a pid (the whole node is never killed from Numbat)");
        }
        if (a.getPid() != null && Pids.normalise(a.getPid()).isEmpty()) {
            return Optional.of(Pids.problem(a.getPid()));
        }
        if (a.getReason() == null || a.getReason().isBlank()) {
            return Optional.of("an action needs a reason");
        }
        return Optional.empty();
    }

    private void answerRedelivery(OperatorAction a, ActionResult first) throws Exception {
        boolean interrupted = first.getStatus() == ActionStatus.EXECUTING;
        String message = interrupted
                ? "request " + a.getRequestId() + " was started earlier and its end was never recorded (the agent "
                        + "stopped midway?): not carried out again; check the node"
                : first.getMessage() + " (request " + a.getRequestId() + " was delivered again: not carried out "
                        + "again)";
        ActionResult r = ActionResult.newBuilder(
                        result(a, interrupted ? ActionStatus.INTERRUPTED : first.getStatus(), message))
                .setDuplicate(true)
                .build();
        LOG.warn("{}: action {} delivered again: not carried out again", a.getNode(), a.getRequestId());
        ledger.record(r);
        results.durable(r);
    }

    private void finish(OperatorAction a, ActionStatus status, String message) throws Exception {
        ActionResult r = result(a, status, message);
        ledger.record(r);
        results.durable(r);
    }

    private ActionResult result(OperatorAction a, ActionStatus status, String message) {
        return ActionResult.newBuilder()
                .setRequestId(a.getRequestId())
                .setNode(a.getNode())
                .setPid(a.getPid())
                .setAction(a.getAction().name().toLowerCase(Locale.ROOT))
                .setWho(a.getWho())
                .setReason(a.getReason())
                .setDryRun(a.getDryRun())
                .setStatus(status)
                .setMessage(message)
                .setAgent(agent)
                .setDuplicate(false)
                .setRequestedAt(a.getTimestamp())
                .setTimestamp(now())
                .build();
    }

    private static String what(OperatorAction a) {
        String target = a.getPid() == null ? "the whole node" : a.getPid();
        return a.getAction().name().toLowerCase(Locale.ROOT) + " " + target;
    }

    private static String pid(String text) throws NodeCommandException {
        if (text == null) {
            throw new NodeCommandException("a PROCESS_INFO query needs a pid");
        }
        return Pids.normalise(text).orElseThrow(() -> new NodeCommandException(Pids.problem(text)));
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
