package io.numbat.schemas.serde;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.Severity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Realistic instances of every Numbat record type, built with the generated builders. */
final class Records {
    static final Instant NOW = Instant.ofEpochMilli(1_732_800_000_123L);
    // metric ids from the catalogue: 1 memory_total, 10 process_count, 11 port_count, 14 run_queue
    static final int MEMORY_TOTAL = 1;
    static final int PROCESS_COUNT = 10;
    static final int PORT_COUNT = 11;
    static final int RUN_QUEUE = 14;

    private Records() {}

    static List<SpecificRecord> all() {
        return List.of(
                metricBatch(),
                sample(),
                nodeEvent(),
                logEvent(),
                metricTrend(),
                exhaustionForecast(),
                alarm(),
                alarmAck(),
                scalingDecision(),
                capabilityProfile(),
                deploymentEvent(),
                deadLetter(),
                remediation(),
                remediationCommand());
    }

    static Remediation remediation() {
        return Remediation.newBuilder()
                .setId("ejabberd@host-1/predicted_exhaustion/process_count@1767225600000")
                .setFamily("ejabberd")
                .setNode("ejabberd@host-1")
                .setPlaybook(Playbook.REPLACE)
                .setAlarmId("ejabberd@host-1/predicted_exhaustion/process_count")
                .setAlarmType("predicted_exhaustion")
                .setMetric(PROCESS_COUNT)
                .setMetricName("process_count")
                .setState(RemediationState.EXECUTING)
                .setMode(RemediationMode.AUTO)
                .setSecondsToExhaustion(412.0)
                .setForecastAt(NOW)
                .setExhaustionAt(NOW.plusSeconds(412))
                .setEvidence("process_count 180,000 of 262,144, +199.16/s, limit in 412 s")
                .setReason(
                        "replacement ejabberd-0a1b2c3d4e5f-1 RUNNING after 41 s; draining and stopping ejabberd@host-1")
                .setReplacementNode("ejabberd-0a1b2c3d4e5f-1")
                .setWho("auto")
                .setCreatedAt(NOW)
                .setUpdatedAt(NOW.plusSeconds(41))
                .build();
    }

    static RemediationCommand remediationCommand() {
        return RemediationCommand.newBuilder()
                .setRemediationId("ejabberd@host-1/predicted_exhaustion/process_count@1767225600000")
                .setFamily("ejabberd")
                .setVerdict(RemediationVerdict.APPROVE)
                .setWho("operator")
                .setReason(null)
                .setTimestamp(NOW)
                .build();
    }

    static AlarmAck alarmAck() {
        return AlarmAck.newBuilder()
                .setAlarmId("ejabberd@host-1/process_limit")
                .setAcknowledged(true)
                .setComment("looking into it")
                .setUser("operator")
                .setTimestamp(NOW)
                .setAlarmTimestamp(NOW.minusSeconds(60))
                .build();
    }

    static Sample sample() {
        return Sample.newBuilder().setMetric(PROCESS_COUNT).setValue(31_877).build();
    }

    static MetricBatch metricBatch() {
        return MetricBatch.newBuilder()
                .setNode("ejabberd@host-1")
                .setFamily("ejabberd")
                .setTimestamp(NOW)
                .setSequence(42)
                .setSamples(List.of(
                        new Sample(MEMORY_TOTAL, 812_345_678.0),
                        new Sample(PROCESS_COUNT, 31_877.0),
                        new Sample(PORT_COUNT, 1_204.0),
                        new Sample(RUN_QUEUE, 0.0)))
                .setLimits(List.of(new Sample(PROCESS_COUNT, 262_144.0), new Sample(PORT_COUNT, 65_536.0)))
                .build();
    }

    static NodeEvent nodeEvent() {
        return NodeEvent.newBuilder()
                .setNode("ejabberd@host-1")
                .setFamily("ejabberd")
                .setTimestamp(NOW)
                .setType(NodeEventType.UP)
                .setOtpRelease("26")
                .setErtsVersion("14.2.5")
                .setLimits(List.of(new Sample(PROCESS_COUNT, 262_144.0)))
                .build();
    }

    /** A node's error log event (kind LOG). */
    static NodeEvent logEvent() {
        return NodeEvent.newBuilder()
                .setNode("ejabberd@host-1")
                .setFamily("ejabberd")
                .setTimestamp(NOW)
                .setType(NodeEventType.LOG)
                .setLevel("error")
                .setMessage("Generic server ejabberd_c2s terminating: badarg")
                .setMetadata(Map.of("pid", "<0.4711.0>", "mfa", "gen_server:error_info/8"))
                .setReport("#{label => {gen_server,terminate}}")
                .setDroppedLogs(3L)
                .build();
    }

    static MetricTrend metricTrend() {
        return MetricTrend.newBuilder()
                .setNode("ejabberd@host-1")
                .setFamily("ejabberd")
                .setMetric(PROCESS_COUNT)
                .setWindowStart(NOW.minusSeconds(60))
                .setWindowEnd(NOW)
                .setCount(12)
                .setMean(30_100.5)
                .setMin(28_000)
                .setMax(31_877)
                .setLast(31_877)
                .setRate(null)
                .setSlope(63.2)
                .build();
    }

    static ExhaustionForecast exhaustionForecast() {
        return ExhaustionForecast.newBuilder()
                .setNode("ejabberd@host-1")
                .setFamily("ejabberd")
                .setMetric(PROCESS_COUNT)
                .setTimestamp(NOW)
                .setValue(31_877)
                .setLimit(262_144)
                .setSecondsToExhaustion(3_643.9)
                .setConfidence(0.87)
                .build();
    }

    static Alarm alarm() {
        return Alarm.newBuilder()
                .setId("ejabberd@host-1/predicted_exhaustion/10")
                .setNode("ejabberd@host-1")
                .setFamily("ejabberd")
                .setType("predicted_exhaustion")
                .setState(AlarmState.RAISED)
                .setSeverity(Severity.MAJOR)
                .setTimestamp(NOW)
                .setCause("process_count reaches its limit in about an hour")
                .setMetric(PROCESS_COUNT)
                .setValue(31_877.0)
                .setLimit(262_144.0)
                .setSecondsToExhaustion(3_643.9)
                .build();
    }

    static CapabilityProfile capabilityProfile() {
        return CapabilityProfile.newBuilder()
                .setCores(4)
                .setMemoryMb(8_192)
                .setArchitecture("x86_64")
                .setOtpVersion("26")
                .setRegion("eu-west-1")
                .setLabels(Map.of("tier", "chat", "disk", "ssd"))
                .build();
    }

    static ScalingDecision scalingDecision() {
        return ScalingDecision.newBuilder()
                .setId("decision-7f3a")
                .setFamily("ejabberd")
                .setTimestamp(NOW)
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(2)
                .setCurrentNodes(3)
                .setReason("process_count predicted to exhaust in 3644 s")
                .setProfile(capabilityProfile())
                .build();
    }

    static DeploymentEvent deploymentEvent() {
        return DeploymentEvent.newBuilder()
                .setNode("ejabberd@host-4")
                .setFamily("ejabberd")
                .setDecisionId("decision-7f3a")
                .setProvider("docker")
                .setState(DeploymentState.RUNNING)
                .setTimestamp(NOW)
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("numbat.metrics")
                .setPartition(3)
                .setOffset(1_234_567L)
                .setTimestamp(NOW)
                .setComponent("stream-processor")
                .setError("not Confluent wire format: magic byte 0x41")
                .setKey(ByteBuffer.wrap("ejabberd@host-1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {0x41, 0x42, 0x43}))
                .build();
    }

    /** The MetricBatch schema as it was before {@code field} existed (or after it was removed). */
    static Schema metricBatchWithout(String field) {
        Schema current = MetricBatch.getClassSchema();
        List<Schema.Field> fields = current.getFields().stream()
                .filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
