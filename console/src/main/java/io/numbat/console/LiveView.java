package io.numbat.console;

import io.numbat.console.intake.RecordSink;
import io.numbat.console.manage.Answers;
import io.numbat.console.manage.AuditTrail;
import io.numbat.console.manage.TopBoard;
import io.numbat.console.remedy.RemediationBoard;
import io.numbat.console.silence.ChangeLog;
import io.numbat.console.silence.SilenceBoard;
import io.numbat.console.view.AlarmChange;
import io.numbat.console.view.AlarmEntry;
import io.numbat.console.view.AlarmList;
import io.numbat.console.view.DeploymentBoard;
import io.numbat.console.view.FleetView;
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
import io.numbat.schemas.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's in-memory view (fleet with each node's anomaly scores, alarm list, deployments, Manage's audit trail,
 * remediations, silences and the operators' changes) fed by an intake: applies each record and
 * tells a listener about alarm changes. Lives on the console's Vert.x context.
 */
public final class LiveView implements RecordSink {
    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);

    private final FleetView fleet;
    private final AlarmList alarms;
    private final DeploymentBoard deployments = new DeploymentBoard(500);
    private final TopBoard tops = new TopBoard();
    private final AuditTrail audit = new AuditTrail();
    private final RemediationBoard remediations = new RemediationBoard();
    private final SilenceBoard silences = new SilenceBoard();
    private final ChangeLog changes = new ChangeLog();
    private final Answers<NodeQueryResult> queryAnswers = new Answers<>();
    private final Answers<ActionResult> actionAnswers = new Answers<>();
    private final LongSupplier clock;
    private final Map<String, AtomicLong> skipped = new TreeMap<>();
    private final Map<String, AtomicLong> deadLettered = new TreeMap<>();
    private BiConsumer<AlarmChange, AlarmEntry> listener = (c, e) -> {};

    public LiveView(FleetView fleet, AlarmList alarms) {
        this(fleet, alarms, System::currentTimeMillis);
    }

    /** @param clock the console's clock: how long a node's top lists are kept after someone asked for them */
    public LiveView(FleetView fleet, AlarmList alarms, LongSupplier clock) {
        this.fleet = fleet;
        this.alarms = alarms;
        this.clock = clock;
        for (String t : topics()) {
            skipped.put(t, new AtomicLong());
            deadLettered.put(t, new AtomicLong());
        }
    }

    /** The topics the console reads. */
    public static List<String> topics() {
        return List.of(
                Topics.METRICS.name(),
                Topics.ALARMS.name(),
                Topics.ALARM_ACKS.name(),
                Topics.FORECASTS.name(),
                Topics.DEPLOYMENTS.name(),
                Topics.NODE_EVENTS.name(),
                Topics.TREND_WINDOWS.name(),
                Topics.ANOMALY_SCORES.name(),
                Topics.ACTIONS.name(),
                Topics.ACTION_RESULTS.name(),
                Topics.NODE_QUERY_RESULTS.name(),
                Topics.REMEDIATIONS.name(),
                Topics.SILENCES.name(),
                Topics.FAMILY_POLICIES.name(),
                Topics.OPERATOR_CHANGES.name());
    }

    /** Who hears about raised, cleared, acknowledged and unacknowledged alarms. */
    public void onAlarmChange(BiConsumer<AlarmChange, AlarmEntry> l) {
        this.listener = l;
    }

    public FleetView fleet() {
        return fleet;
    }

    public AlarmList alarms() {
        return alarms;
    }

    /** Deployment requests with their nodes' states, from {@code numbat.deployments}. */
    public DeploymentBoard deployments() {
        return deployments;
    }

    /** The top processes of the nodes being watched. */
    public TopBoard tops() {
        return tops;
    }

    /** Each node's actions and their results. */
    public AuditTrail audit() {
        return audit;
    }

    /** Each remediation's latest state, from {@code numbat.remediations}. */
    public RemediationBoard remediations() {
        return remediations;
    }

    /** The silences and the families' policy modes. */
    public SilenceBoard silences() {
        return silences;
    }

    /** The operators' changes to silences and autoscaling, newest first. */
    public ChangeLog changes() {
        return changes;
    }

    /** Who waits for which answer of {@code numbat.node-query-results}. */
    public Answers<NodeQueryResult> queryAnswers() {
        return queryAnswers;
    }

    /** Who waits for which result of {@code numbat.action-results}. */
    public Answers<ActionResult> actionAnswers() {
        return actionAnswers;
    }

    @Override
    public void metrics(MetricBatch batch) {
        fleet.onMetrics(batch);
        tops.onMetrics(batch, clock.getAsLong());
    }

    @Override
    public void action(OperatorAction action) {
        audit.onAction(action);
    }

    @Override
    public void actionResult(ActionResult result) {
        audit.onResult(result);
        actionAnswers.offer(result.getRequestId(), result);
    }

    @Override
    public void remediation(Remediation remediation) {
        remediations.onRemediation(remediation);
    }

    @Override
    public void silence(Silence silence) {
        silences.onSilence(silence)
                .ifPresent(problem -> skipped(Topics.SILENCES.name(), "silence " + silence.getId() + ": " + problem));
    }

    @Override
    public void familyPolicy(FamilyPolicy policy) {
        silences.onPolicy(policy);
    }

    @Override
    public void operatorChange(OperatorChange change) {
        changes.onChange(change);
    }

    @Override
    public void queryResult(NodeQueryResult result) {
        queryAnswers.offer(result.getRequestId(), result);
    }

    @Override
    public void alarm(Alarm alarm) {
        AlarmChange c = alarms.onAlarm(alarm);
        if (c != AlarmChange.NONE) {
            listener.accept(
                    c,
                    c == AlarmChange.CLEARED
                            ? new AlarmEntry(alarm, null)
                            : alarms.find(alarm.getId()).orElse(new AlarmEntry(alarm, null)));
        }
    }

    @Override
    public void ack(AlarmAck ack) {
        AlarmChange c = alarms.onAck(ack);
        if (c != AlarmChange.NONE) {
            alarms.find(ack.getAlarmId()).ifPresent(e -> listener.accept(c, e));
        }
    }

    @Override
    public void forecast(ExhaustionForecast forecast) {
        fleet.onForecast(forecast);
    }

    @Override
    public void trend(MetricTrend trend) {
        fleet.onTrend(trend);
    }

    @Override
    public void anomalyScores(AnomalyScores scores) {
        fleet.onAnomalyScores(scores);
    }

    @Override
    public void deployment(DeploymentEvent event) {
        fleet.onDeployment(event);
        deployments.onDeployment(event);
    }

    @Override
    public void nodeEvent(NodeEvent event) {
        fleet.onNodeEvent(event);
    }

    @Override
    public void removed(String topic, String key) {
        if (topic.equals(Topics.ALARMS.name())) {
            Optional<AlarmEntry> before = alarms.find(key);
            if (alarms.remove(key) == AlarmChange.CLEARED) {
                before.ifPresent(e -> listener.accept(AlarmChange.CLEARED, e));
            }
        } else if (topic.equals(Topics.ALARM_ACKS.name())) {
            alarms.removeAck(key);
        } else if (topic.equals(Topics.DEPLOYMENTS.name())) {
            fleet.remove(key);
            deployments.remove(key);
        } else if (topic.equals(Topics.REMEDIATIONS.name())) {
            remediations.remove(key);
        } else if (topic.equals(Topics.SILENCES.name())) {
            silences.removeSilence(key);
        } else if (topic.equals(Topics.FAMILY_POLICIES.name())) {
            silences.removePolicy(key);
        }
    }

    @Override
    public void skipped(String topic, String reason) {
        long n = skipped.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
        if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: the log stays short on a stream of bad records
            LOG.warn("skipped unreadable record {} of {}: {}", n, topic, reason);
        }
    }

    @Override
    public void deadLettered(String topic) {
        deadLettered.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }

    /** Unreadable records of {@code topic} the console dead-lettered so far. */
    public long deadLetteredCount(String topic) {
        AtomicLong n = deadLettered.get(topic);
        return n == null ? 0 : n.get();
    }

    /** Unreadable records skipped so far on {@code topic}. */
    public long skipped(String topic) {
        AtomicLong n = skipped.get(topic);
        return n == null ? 0 : n.get();
    }

    /** Unreadable records skipped so far, per topic. */
    public Map<String, Long> skippedByTopic() {
        Map<String, Long> out = new TreeMap<>();
        skipped.forEach((t, n) -> out.put(t, n.get()));
        return out;
    }
}
