package io.numbat.processor.remedy;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.Severity;
import java.time.Instant;

/** Test inputs for {@link FamilyRemediations}: alarms, deployment events, commands of family {@code web}. */
final class Remedies {
    static final String FAMILY = "web";
    static final long T0 = 1_767_225_600_000L;

    private Remedies() {}

    static Alarm raised(String node, MetricId metric, double secondsToExhaustion, long at) {
        return Alarm.newBuilder()
                .setId(AlarmTypes.id(node, AlarmTypes.PREDICTED_EXHAUSTION, metric.id()))
                .setNode(node)
                .setFamily(FAMILY)
                .setType(AlarmTypes.PREDICTED_EXHAUSTION)
                .setState(AlarmState.RAISED)
                .setSeverity(Severity.CRITICAL)
                .setTimestamp(Instant.ofEpochMilli(at))
                .setCause(metric.metricName() + " forecast to reach its limit")
                .setMetric(metric.id())
                .setValue(200_000.0)
                .setLimit(262_144.0)
                .setSecondsToExhaustion(secondsToExhaustion)
                .build();
    }

    static Alarm cleared(Alarm raised, long at) {
        return Alarm.newBuilder(raised)
                .setState(AlarmState.CLEARED)
                .setTimestamp(Instant.ofEpochMilli(at))
                .setSecondsToExhaustion(null)
                .build();
    }

    static DeploymentEvent event(String node, DeploymentState state, String decisionId, String reason, long at) {
        return DeploymentEvent.newBuilder()
                .setNode(node)
                .setFamily(FAMILY)
                .setDecisionId(decisionId)
                .setProvider("simulated")
                .setState(state)
                .setTimestamp(Instant.ofEpochMilli(at))
                .setReason(reason)
                .build();
    }

    static RemediationCommand command(String id, RemediationVerdict verdict, String who, long at) {
        return RemediationCommand.newBuilder()
                .setRemediationId(id)
                .setFamily(FAMILY)
                .setVerdict(verdict)
                .setWho(who)
                .setReason("looked at it")
                .setTimestamp(Instant.ofEpochMilli(at))
                .build();
    }
}
