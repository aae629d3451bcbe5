package io.numbat.console.intake;

import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.Silence;
import io.numbat.schemas.health.Health;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The console's source of records and sink of acknowledgements, node queries, actions and remediation verdicts: Kafka in production
 * ({@link KafkaIntake}), a direct feed in tests.
 */
public interface Intake {
    /** Starts handing records to {@code sink} on {@code context}; completes once reading has begun. */
    Future<Void> start(Context context, RecordSink sink);

    /** Publishes an acknowledgement; completes when it is durable (every console instance will read it). */
    Future<Void> acknowledge(AlarmAck ack);

    /** Publishes a node query on {@code numbat.node-queries}; completes when the broker has it. */
    default Future<Void> ask(NodeQuery query) {
        return Future.failedFuture("this console cannot send node queries");
    }

    /** Publishes a signed action on {@code numbat.actions}; completes when the broker has it. */
    default Future<Void> act(OperatorAction action) {
        return Future.failedFuture("this console cannot send actions");
    }

    /** Publishes an operator's verdict on {@code numbat.remediation-commands}; completes when the broker has it. */
    default Future<Void> decide(RemediationCommand command) {
        return Future.failedFuture("this console cannot send remediation commands");
    }

    /**
     * Publishes a silence's new version on {@code numbat.silences}, then its audit record on
     * {@code numbat.operator-changes}; completes when the broker has both.
     */
    default Future<Void> silence(Silence silence, OperatorChange audit) {
        return Future.failedFuture("this console cannot send silences");
    }

    /** Stops reading and publishing. */
    Future<Void> stop();

    /** Whether its Kafka clients work (live) and it has caught up (ready); may be called from any thread. */
    default Health health() {
        return new Health(true, true, Map.of());
    }
}
