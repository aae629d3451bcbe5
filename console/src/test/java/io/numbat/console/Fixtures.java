package io.numbat.console;

import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricAnomalyScore;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.Sample;
import io.numbat.schemas.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Records for tests, built with the generated builders. */
public final class Fixtures {
    private Fixtures() {}

    /** A batch with utilisation, process count (limit 262,144) and memory. */
    public static MetricBatch batch(String node, String family, long t, double utilisation, double processes) {
        return MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(1)
                .setSamples(List.of(
                        new Sample(MetricId.SCHEDULER_UTILISATION.id(), utilisation),
                        new Sample(MetricId.PROCESS_COUNT.id(), processes),
                        new Sample(MetricId.MEMORY_TOTAL.id(), 500e6),
                        new Sample(MetricId.RUN_QUEUE.id(), 3.0)))
                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0)))
                .build();
    }

    public static Alarm alarm(String node, String family, String type, Severity severity, AlarmState state, long t) {
        return Alarm.newBuilder()
                .setId(node + "/" + type)
                .setNode(node)
                .setFamily(family)
                .setType(type)
                .setState(state)
                .setSeverity(severity)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setCause(type + " at " + severity)
                .setMetric(MetricId.PROCESS_COUNT.id())
                .setValue(200_000.0)
                .setLimit(262_144.0)
                .build();
    }

    public static Alarm raised(String node, String family, String type, Severity severity, long t) {
        return alarm(node, family, type, severity, AlarmState.RAISED, t);
    }

    public static Alarm cleared(String node, String family, String type, long t) {
        return alarm(node, family, type, Severity.MINOR, AlarmState.CLEARED, t);
    }

    public static AlarmAck ack(Alarm a, boolean acknowledged, long t) {
        return AlarmAck.newBuilder()
                .setAlarmId(a.getId())
                .setAcknowledged(acknowledged)
                .setComment("on it")
                .setUser("ann")
                .setTimestamp(Instant.ofEpochMilli(t))
                .setAlarmTimestamp(a.getTimestamp())
                .build();
    }

    public static DeploymentEvent deployment(String node, String family, DeploymentState state, long t) {
        return DeploymentEvent.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setDecisionId("d-1")
                .setProvider("simulated")
                .setState(state)
                .setTimestamp(Instant.ofEpochMilli(t))
                .build();
    }

    public static NodeEvent nodeEvent(String node, String family, NodeEventType type, long t) {
        return NodeEvent.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setType(type)
                .setReason(type == NodeEventType.DOWN ? "connection lost" : null)
                .build();
    }

    /** A LOG node event: {@code level} {@code message} logged on the node at {@code t}. */
    public static NodeEvent logEvent(String node, String family, String level, String message, long t) {
        return NodeEvent.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setType(NodeEventType.LOG)
                .setLevel(level)
                .setMessage(message)
                .setMetadata(Map.of("pid", "<0.321.0>", "mfa", "shop:pay/2"))
                .build();
    }

    /**
     * One minute of a node's anomaly scores from {@code start}: scheduler utilisation at {@code utilisation} (max, last
     * a tenth of it, 6 samples) and the process count at 0.1; {@code threshold} null as in records before it existed.
     */
    public static AnomalyScores anomalyScores(
            String node, String family, long start, double utilisation, Double threshold) {
        return AnomalyScores.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + 60_000))
                .setScores(List.of(
                        new MetricAnomalyScore(MetricId.SCHEDULER_UTILISATION.id(), utilisation, utilisation / 10, 6),
                        new MetricAnomalyScore(MetricId.PROCESS_COUNT.id(), 0.1, 0.05, 6)))
                .setAlarmThreshold(threshold)
                .build();
    }

    public static ExhaustionForecast forecast(String node, String family, long t, double seconds) {
        return ExhaustionForecast.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setMetric(MetricId.PROCESS_COUNT.id())
                .setTimestamp(Instant.ofEpochMilli(t))
                .setValue(200_000)
                .setLimit(262_144)
                .setSecondsToExhaustion(seconds)
                .setConfidence(0.9)
                .build();
    }

    /** A process row: name, pid, queue, reductions, memory. */
    public static ProcessQueue proc(String name, String pid, long queue, long reductions, long memory) {
        return new ProcessQueue(name, pid, queue, name + ":loop/1", reductions, memory);
    }

    /** {@link #batch} with top lists: a runaway by reductions, a hog by memory, a flood by queue. */
    public static MetricBatch batchWithTops(String node, String family, long t) {
        ProcessQueue runaway = proc("report_builder:run/1", "<0.4711.0>", 0, 60_000_000, 2_000_000);
        ProcessQueue hog = proc("my_cache", "<0.4713.0>", 2, 1_000, 900_000_000);
        ProcessQueue flood = proc("event_relay", "<0.4712.0>", 8_000, 50_000, 30_000_000);
        ProcessQueue quiet = proc("logger", "<0.40.0>", 1, 10_000, 100_000);
        return MetricBatch.newBuilder(batch(node, family, t, 0.5, 2_000))
                .setTopReductions(List.of(runaway, flood, quiet))
                .setTopMemory(List.of(hog, flood, runaway))
                .setQueues(List.of(flood, hog))
                .setTopWindowMillis(10_000)
                .build();
    }

    /** A raised bottleneck alarm of {@code node} (null: of the family) naming {@code culprit}. */
    public static Alarm bottleneck(String node, String family, String measure, ProcessQueue culprit, long t) {
        String owner = node == null ? "family:" + family : node;
        return Alarm.newBuilder()
                .setId(owner + "/bottleneck/" + measure)
                .setNode(node)
                .setFamily(family)
                .setType("bottleneck")
                .setState(AlarmState.RAISED)
                .setSeverity(Severity.MAJOR)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setCause(culprit.getProcess() + " is the bottleneck")
                .setMetric(MetricId.MAX_MESSAGE_QUEUE.id())
                .setCulprit(culprit)
                .build();
    }

    public static NodeQueryResult processInfo(String requestId, String node, String pid) {
        return NodeQueryResult.newBuilder()
                .setRequestId(requestId)
                .setNode(node)
                .setAgent("fleet@test")
                .setOk(true)
                .setTimestamp(Instant.now())
                .setProcess(ProcessDetail.newBuilder()
                        .setPid(pid)
                        .setRegisteredName("event_relay")
                        .setInitialCall("event_relay:init/1")
                        .setCurrentFunction("event_relay:relay/2")
                        .setStatus("waiting")
                        .setCurrentStacktrace(List.of("event_relay:relay/2 (event_relay.erl:42)"))
                        .setMessageQueueLength(8_000)
                        .setMemory(30_000_000)
                        .setHeapSize(1_000)
                        .setTotalHeapSize(2_000)
                        .setReductions(123_456)
                        .setLinks(List.of("<0.100.0>"))
                        .setMonitors(List.of())
                        .setDictionarySize(3)
                        .build())
                .build();
    }

    public static ActionResult result(OperatorAction a, ActionStatus status, String message) {
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
                .setAgent("fleet@test")
                .setRequestedAt(a.getTimestamp())
                .setTimestamp(Instant.now())
                .build();
    }

    /**
     * A remediation of {@code node}'s process leak as the processor writes it: opened by the raise at {@code t}
     * (its id is the alarm id and that time), the limit 10 minutes later, now in {@code state}.
     */
    public static Remediation remediation(
            String node, String family, RemediationState state, RemediationMode mode, long t, String reason) {
        String alarmId = node + "/predicted_exhaustion/process_count";
        return Remediation.newBuilder()
                .setId(alarmId + "@" + t)
                .setFamily(family)
                .setNode(node)
                .setPlaybook(Playbook.REPLACE)
                .setAlarmId(alarmId)
                .setAlarmType("predicted_exhaustion")
                .setMetric(MetricId.PROCESS_COUNT.id())
                .setMetricName("process_count")
                .setState(state)
                .setMode(mode)
                .setSecondsToExhaustion(600.0)
                .setForecastAt(Instant.ofEpochMilli(t))
                .setExhaustionAt(Instant.ofEpochMilli(t + 600_000))
                .setEvidence("process_count 200,000 of 262,144, +103.57/s, limit in 600 s")
                .setReason(reason)
                .setCreatedAt(Instant.ofEpochMilli(t))
                .setUpdatedAt(Instant.ofEpochMilli(t))
                .build();
    }

    /** {@code r} moved on to {@code state} at {@code t}. */
    public static Remediation next(Remediation r, RemediationState state, long t, String reason) {
        return Remediation.newBuilder(r)
                .setState(state)
                .setReason(reason)
                .setUpdatedAt(Instant.ofEpochMilli(t))
                .build();
    }
}
