package io.numbat.console;

import io.numbat.console.intake.Intake;
import io.numbat.console.intake.RecordSink;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.Silence;
import io.numbat.schemas.health.Health;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An intake without a broker: tests hand records to the console's view directly, on its context,
 * and acknowledgements come back as the compacted topic would return them. Node queries and actions are
 * answered by a stand-in agent ({@link #agent}, {@link #actor}), or not at all; remediation verdicts by a stand-in
 * stream processor ({@link #processor}), or not at all.
 */
public final class TestIntake implements Intake {
    public final List<AlarmAck> published = new CopyOnWriteArrayList<>();
    public final List<NodeQuery> queries = new CopyOnWriteArrayList<>();
    public final List<OperatorAction> actions = new CopyOnWriteArrayList<>();
    /** The verdicts published on {@code numbat.remediation-commands} (nobody answers them here: no processor). */
    public final List<RemediationCommand> verdicts = new CopyOnWriteArrayList<>();
    /** The silences published on {@code numbat.silences}, and their audit records. */
    public final List<Silence> silences = new CopyOnWriteArrayList<>();

    public final List<OperatorChange> changes = new CopyOnWriteArrayList<>();
    /** The remediation states a verdict leads to (none: no stream processor answers), as numbat.remediations tells them. */
    public volatile Function<RemediationCommand, List<Remediation>> processor = c -> List.of();
    /** Answers a node query, or not (null): the stand-in for the agent that watches the node. */
    public volatile Function<NodeQuery, NodeQueryResult> agent = q -> null;
    /** The results of an action, in order (none: no agent answers). */
    public volatile Function<OperatorAction, List<ActionResult>> actor = a -> List.of();

    private volatile Context context;
    private volatile RecordSink sink;
    private volatile boolean failAcks;
    private volatile boolean failCommands;
    /** What {@link #health()} answers. */
    public volatile Health health = new Health(true, true, Map.of("kafka", "test feed"));

    @Override
    public Future<Void> start(Context ctx, RecordSink s) {
        this.context = ctx;
        this.sink = s;
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> acknowledge(AlarmAck ack) {
        if (failAcks) {
            return Future.failedFuture("broker unreachable");
        }
        published.add(ack);
        feed(s -> s.ack(ack)); // read back, as every console instance reads numbat.alarm-acks
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> ask(NodeQuery query) {
        if (failCommands) {
            return Future.failedFuture("broker unreachable");
        }
        queries.add(query);
        NodeQueryResult answer = agent.apply(query);
        if (answer != null) {
            feed(s -> s.queryResult(answer));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> act(OperatorAction action) {
        if (failCommands) {
            return Future.failedFuture("broker unreachable");
        }
        actions.add(action);
        feed(s -> s.action(action)); // read back from numbat.actions, as the audit trail does
        for (ActionResult r : actor.apply(action)) {
            feed(s -> s.actionResult(r));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> decide(RemediationCommand command) {
        if (failCommands) {
            return Future.failedFuture("broker unreachable");
        }
        verdicts.add(command);
        for (Remediation r : processor.apply(command)) {
            feed(s -> s.remediation(r));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> silence(Silence silence, OperatorChange audit) {
        if (failCommands) {
            return Future.failedFuture("broker unreachable");
        }
        silences.add(silence);
        changes.add(audit);
        feed(
                s -> { // read back, as the console reads both topics
                    s.silence(silence);
                    s.operatorChange(audit);
                });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return Future.succeededFuture();
    }

    @Override
    public Health health() {
        return health;
    }

    public void failAcks(boolean fail) {
        failAcks = fail;
    }

    /** Node queries, actions and verdicts cannot be published (the broker is away). */
    public void failCommands(boolean fail) {
        failCommands = fail;
    }

    /** Hands records to the view on its context. */
    public Future<Void> feed(Consumer<RecordSink> f) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            f.accept(sink);
            done.complete();
        });
        return done.future();
    }

    /** Hands records to the view and waits until they are applied. */
    public void feedAndWait(Consumer<RecordSink> f) {
        try {
            feed(f).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
