package io.numbat.processor.health;

import io.numbat.processor.alarm.LevelAlarm;
import java.time.Duration;
import java.util.Objects;

/**
 * The alarm thresholds that may differ from family to family (docs/processor-config.md): the limit alarms' shares of
 * a limit, the long message queue alarm's lengths, the anomaly alarm's score and the node-down grace period.
 *
 * @param limits shares of a limit (0.70 = 70 %) for minor, major and critical, with the clear factor
 * @param messageQueue lengths of the longest mailbox for minor, major and critical, with the clear factor
 * @param anomalyThreshold the anomaly score (0 to 1) at or above which an anomaly alarm is raised (above 1: never)
 * @param nodeDownAfter a node without metrics for this long is down
 */
public record AlarmThresholds(
        LevelAlarm.Thresholds limits,
        LevelAlarm.Thresholds messageQueue,
        double anomalyThreshold,
        Duration nodeDownAfter) {
    public AlarmThresholds {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(messageQueue, "messageQueue");
        if (Double.isNaN(anomalyThreshold)) {
            throw new IllegalArgumentException("anomalyThreshold must be a number");
        }
        if (nodeDownAfter == null || nodeDownAfter.isNegative()) {
            throw new IllegalArgumentException("nodeDownAfter must not be negative, was " + nodeDownAfter);
        }
    }

    /** The thresholds of {@code s}: those every family has unless the processor's config file says otherwise. */
    public static AlarmThresholds of(HealthRules.Settings s) {
        return new AlarmThresholds(s.limits(), s.messageQueue(), s.anomalyThreshold(), s.nodeDownAfter());
    }
}
