package io.numbat.console.api;

import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.vertx.core.json.JsonObject;

/** JSON forms of a remediation (its latest state) and of an operator's verdict on one. */
final class RemediationJson {
    private RemediationJson() {}

    static JsonObject remediation(Remediation r) {
        boolean proposed = r.getState() == RemediationState.PROPOSED;
        return new JsonObject()
                .put("id", r.getId())
                .put("attempt", r.getAttempt())
                .put("family", r.getFamily())
                .put("node", r.getNode())
                .put("playbook", r.getPlaybook().name())
                .put("state", r.getState().name())
                .put("mode", r.getMode().name())
                .put("alarmId", r.getAlarmId())
                .put("alarmType", r.getAlarmType())
                .put("metric", r.getMetricName())
                .put("cause", cause(r))
                .put("secondsToExhaustion", r.getSecondsToExhaustion())
                .put("forecastAt", r.getForecastAt().toEpochMilli())
                .put("exhaustionAt", r.getExhaustionAt().toEpochMilli())
                .put("evidence", r.getEvidence())
                .put("reason", r.getReason())
                .put("replacementNode", r.getReplacementNode())
                .put("who", r.getWho())
                .put("createdAt", r.getCreatedAt().toEpochMilli())
                .put("updatedAt", r.getUpdatedAt().toEpochMilli())
                .put("canApprove", proposed && r.getMode() != RemediationMode.NOTIFY)
                .put("canReject", proposed);
    }

    /** What it is about, as the processor names a cause: the metric, or the alarm type when it has none. */
    static String cause(Remediation r) {
        return r.getMetricName() != null ? r.getMetricName() : r.getAlarmType();
    }

    static JsonObject command(RemediationCommand c) {
        return new JsonObject()
                .put("remediationId", c.getRemediationId())
                .put("family", c.getFamily())
                .put("verdict", c.getVerdict().name())
                .put("who", c.getWho())
                .put("reason", c.getReason())
                .put("timestamp", c.getTimestamp().toEpochMilli());
    }
}
