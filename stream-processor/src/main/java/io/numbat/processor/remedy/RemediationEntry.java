package io.numbat.processor.remedy;

import io.numbat.schemas.Playbook;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import java.time.Instant;

/** One remediation as {@link FamilyRemediations} holds it: its published fields and the step it waits in. */
final class RemediationEntry {
    /** What an executing remediation waits for. */
    enum Step {
        /** Not executing. */
        NONE,
        /** REPLACE: the replacement ({@code <id>/out}) to be RUNNING. */
        LAUNCHING,
        /** REPLACE: the old node ({@code <id>/in}) to be STOPPED after its drain. */
        DRAINING,
        /** RESTART: the node ({@code <id>/in}) to be STOPPED. */
        STOPPING,
        /** RESTART: the node started in its place ({@code <id>/out}) to be RUNNING. */
        RELAUNCHING
    }

    String id;
    /** 1 for the first remediation of a forecast, 2 for the retry after its replacement failed, ... */
    int attempt = 1;

    String node;
    String alarmId;
    String alarmType;
    /** The metric id, or null. */
    Integer metric;
    /** The metric's name, or null. */
    String metricName;

    Playbook playbook;
    RemediationState state;
    RemediationMode mode;
    /** NaN when the alarm had none. */
    double secondsToExhaustion = Double.NaN;

    long forecastAt;
    long exhaustionAt;
    String evidence = "";
    String reason = "";
    String replacementNode;
    String who;
    long createdAt;
    long updatedAt;
    Step step = Step.NONE;
    long stepStartedAt;

    /**
     * The alarm's node (as its agent reports it, e.g. {@code web-1@h}), read from the alarm id ({@code
     * <node>/<type>/<metric>}); {@link #node} when the id has another form.
     */
    String alarmNode() {
        String suffix = "/" + alarmType + (metricName == null ? "" : "/" + metricName);
        return alarmId != null && alarmId.endsWith(suffix) && alarmId.length() > suffix.length()
                ? alarmId.substring(0, alarmId.length() - suffix.length())
                : node;
    }

    boolean finished() {
        return switch (state) {
            case REJECTED, EXPIRED, DONE, FAILED, SKIPPED -> true;
            default -> false;
        };
    }

    /** The cause key of the settings: the metric's name, or the alarm type without one. */
    String cause() {
        return metricName != null ? metricName : alarmType;
    }

    Remediation toRecord(String family) {
        return Remediation.newBuilder()
                .setId(id)
                .setAttempt(attempt)
                .setFamily(family)
                .setNode(node)
                .setPlaybook(playbook)
                .setAlarmId(alarmId)
                .setAlarmType(alarmType)
                .setMetric(metric)
                .setMetricName(metricName)
                .setState(state)
                .setMode(mode)
                .setSecondsToExhaustion(Double.isNaN(secondsToExhaustion) ? null : secondsToExhaustion)
                .setForecastAt(Instant.ofEpochMilli(forecastAt))
                .setExhaustionAt(Instant.ofEpochMilli(exhaustionAt))
                .setEvidence(evidence)
                .setReason(reason)
                .setReplacementNode(replacementNode)
                .setWho(who)
                .setCreatedAt(Instant.ofEpochMilli(createdAt))
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                .build();
    }
}
