package io.numbat.console;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Sample;
import io.numbat.schemas.Severity;
import java.time.Instant;
import java.util.List;

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
}
