package io.numbat.schemas.topic;

import io.numbat.schemas.ActionResult;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.Silence;
import io.numbat.schemas.TrendWindow;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The registry of Numbat's topics. The only place a topic name is written. */
public final class Topics {
    /** One {@link MetricBatch} per node per tick, keyed by node id. */
    public static final Topic<String, MetricBatch> METRICS =
            new Topic<>("numbat.metrics", Serdes.String(), MetricBatch.class, 12, CleanupPolicy.DELETE);
    /** Node lifecycle (up, heartbeat, down), keyed by node id; compacted: the last state per node. */
    public static final Topic<String, NodeEvent> NODE_EVENTS =
            new Topic<>("numbat.node-events", Serdes.String(), NodeEvent.class, 6, CleanupPolicy.COMPACT);
    /**
     * Windowed trends, one record per node (or {@code family:<name>} roll-up) and window carrying every
     * metric, keyed by node.
     */
    public static final Topic<String, TrendWindow> TREND_WINDOWS =
            new Topic<>("numbat.trend-windows", Serdes.String(), TrendWindow.class, 12, CleanupPolicy.DELETE);
    /** Time-to-exhaustion forecasts, keyed by {@code node/metric}. */
    public static final Topic<String, ExhaustionForecast> FORECASTS =
            new Topic<>("numbat.forecasts", Serdes.String(), ExhaustionForecast.class, 6, CleanupPolicy.DELETE);
    /**
     * Each node's anomaly scores per watched metric (max and last) over one-minute windows, keyed by node id:
     * the score behind the {@code anomaly} alarm, for charts.
     */
    public static final Topic<String, AnomalyScores> ANOMALY_SCORES =
            new Topic<>("numbat.anomaly-scores", Serdes.String(), AnomalyScores.class, 6, CleanupPolicy.DELETE);
    /** Raised and cleared alarms, keyed by alarm id; compacted: the live alarm list. */
    public static final Topic<String, Alarm> ALARMS =
            new Topic<>("numbat.alarms", Serdes.String(), Alarm.class, 3, CleanupPolicy.COMPACT);
    /** Operators' acknowledgements of alarms, keyed by alarm id; compacted: the latest per alarm (the console). */
    public static final Topic<String, AlarmAck> ALARM_ACKS =
            new Topic<>("numbat.alarm-acks", Serdes.String(), AlarmAck.class, 3, CleanupPolicy.COMPACT);
    /**
     * Operators' silences, keyed by silence id; compacted: the latest version of each (an early expiry is a new
     * version). The stream processor marks the alarms they match; the forwarder does not forward those.
     */
    public static final Topic<String, Silence> SILENCES =
            new Topic<>("numbat.silences", Serdes.String(), Silence.class, 1, CleanupPolicy.COMPACT);
    /**
     * The audit trail of operators' changes to silences and to families' autoscaling (who, when, what, why, and the
     * record written), keyed by what changed (silence id or family); not compacted, so the history stays.
     */
    public static final Topic<String, OperatorChange> OPERATOR_CHANGES =
            new Topic<>("numbat.operator-changes", Serdes.String(), OperatorChange.class, 1, CleanupPolicy.DELETE);
    /** Scaling decisions, keyed by family. */
    public static final Topic<String, ScalingDecision> SCALING_DECISIONS =
            new Topic<>("numbat.scaling-decisions", Serdes.String(), ScalingDecision.class, 3, CleanupPolicy.DELETE);
    /** Operators' scaling-policy modes (auto, paused, pinned), keyed by family; compacted: the latest per family. */
    public static final Topic<String, FamilyPolicy> FAMILY_POLICIES =
            new Topic<>("numbat.family-policies", Serdes.String(), FamilyPolicy.class, 3, CleanupPolicy.COMPACT);
    /**
     * Remediations (replace, restart or gc a node before a forecast exhaustion), one record per state change,
     * keyed by remediation id; compacted: each remediation's latest state.
     */
    public static final Topic<String, Remediation> REMEDIATIONS =
            new Topic<>("numbat.remediations", Serdes.String(), Remediation.class, 3, CleanupPolicy.COMPACT);
    /** Operators' approvals and rejections of proposed remediations, keyed by family. */
    public static final Topic<String, RemediationCommand> REMEDIATION_COMMANDS = new Topic<>(
            "numbat.remediation-commands", Serdes.String(), RemediationCommand.class, 3, CleanupPolicy.DELETE);
    /** Deployment state per node, keyed by node id; compacted: the node registry. */
    public static final Topic<String, DeploymentEvent> DEPLOYMENTS =
            new Topic<>("numbat.deployments", Serdes.String(), DeploymentEvent.class, 3, CleanupPolicy.COMPACT);
    /**
     * Operators' looks inside a node (process info, top processes now), keyed by node: every agent reads every
     * partition and answers for the nodes it watches.
     */
    public static final Topic<String, NodeQuery> NODE_QUERIES =
            new Topic<>("numbat.node-queries", Serdes.String(), NodeQuery.class, 6, CleanupPolicy.DELETE);
    /** The agents' answers to node queries, keyed by request id. */
    public static final Topic<String, NodeQueryResult> NODE_QUERY_RESULTS =
            new Topic<>("numbat.node-query-results", Serdes.String(), NodeQueryResult.class, 3, CleanupPolicy.DELETE);
    /** Operators' signed actions on nodes (gc, kill): the audit trail, keyed by node. */
    public static final Topic<String, OperatorAction> ACTIONS =
            new Topic<>("numbat.actions", Serdes.String(), OperatorAction.class, 6, CleanupPolicy.DELETE);
    /**
     * What became of each action, keyed by request id; compacted: the last result per request id, which the
     * agents read on start-up so that no request id is carried out twice.
     */
    public static final Topic<String, ActionResult> ACTION_RESULTS =
            new Topic<>("numbat.action-results", Serdes.String(), ActionResult.class, 3, CleanupPolicy.COMPACT);
    /** Records that could not be read, keyed by source topic. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS =
            new Topic<>("numbat.dead-letters", Serdes.String(), DeadLetter.class, 1, CleanupPolicy.DELETE);

    private static final List<Topic<String, ?>> ALL = List.of(
            METRICS,
            NODE_EVENTS,
            TREND_WINDOWS,
            FORECASTS,
            ANOMALY_SCORES,
            ALARMS,
            ALARM_ACKS,
            SILENCES,
            FAMILY_POLICIES,
            SCALING_DECISIONS,
            REMEDIATIONS,
            REMEDIATION_COMMANDS,
            DEPLOYMENTS,
            NODE_QUERIES,
            NODE_QUERY_RESULTS,
            ACTIONS,
            ACTION_RESULTS,
            OPERATOR_CHANGES,
            DEAD_LETTERS);

    private Topics() {}

    /** Every topic, in data-flow order. */
    public static List<Topic<String, ?>> all() {
        return ALL;
    }
}
