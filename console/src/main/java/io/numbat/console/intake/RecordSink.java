package io.numbat.console.intake;

import io.numbat.schemas.ActionResult;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.Silence;

/** Where an {@link Intake} hands decoded records, always on the console's Vert.x context. */
public interface RecordSink {
    void metrics(MetricBatch batch);

    void alarm(Alarm alarm);

    void ack(AlarmAck ack);

    void forecast(ExhaustionForecast forecast);

    /** A trend of a key metric (the decoder drops the others unread). */
    default void trend(MetricTrend trend) {}

    /** A node's anomaly scores over one minute ({@code numbat.anomaly-scores}). */
    default void anomalyScores(AnomalyScores scores) {}

    void deployment(DeploymentEvent event);

    void nodeEvent(NodeEvent event);

    /** An operator's action on a node ({@code numbat.actions}): the audit record. */
    default void action(OperatorAction action) {}

    /** What became of an action ({@code numbat.action-results}). */
    default void actionResult(ActionResult result) {}

    /** An agent's answer to a node query ({@code numbat.node-query-results}). */
    default void queryResult(NodeQueryResult result) {}

    /** A remediation's state from now on ({@code numbat.remediations}, keyed by remediation id). */
    default void remediation(Remediation remediation) {}

    /** A silence's latest version ({@code numbat.silences}, keyed by silence id). */
    default void silence(Silence silence) {}

    /** A family's scaling-policy mode ({@code numbat.family-policies}, keyed by family). */
    default void familyPolicy(FamilyPolicy policy) {}

    /** An operator's change to silences or autoscaling ({@code numbat.operator-changes}): the audit record. */
    default void operatorChange(OperatorChange change) {}

    /** A tombstone (null value) for {@code key} on the compacted {@code topic}. */
    void removed(String topic, String key);

    /** A record of {@code topic} that could not be decoded and was skipped; {@code reason} says whether it was dead-lettered. */
    void skipped(String topic, String reason);

    /** A record of {@code topic} that could not be decoded was dead-lettered by the console (then {@link #skipped}). */
    default void deadLettered(String topic) {}
}
