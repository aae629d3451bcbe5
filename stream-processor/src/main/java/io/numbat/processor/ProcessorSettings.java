package io.numbat.processor;

import io.numbat.processor.health.HealthRules;
import io.numbat.processor.scaling.ScalingPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Typed settings of the stream processor, validated on construction so bad values fail at start-up
 * naming the setting.
 *
 * @param applicationId Kafka Streams application id; instances with the same id share the work
 * @param stateDir where local state stores live
 * @param trendWindow tumbling window of the trends
 * @param trendGrace how late a batch may arrive and still count in its window
 * @param scaling the per-family scaling policy
 * @param exactlyOnce {@code exactly_once_v2} instead of at-least-once
 * @param replicationFactor of the internal topics; -1 takes the broker's default
 * @param health alarm thresholds, forecast settings, node-down grace period
 */
public record ProcessorSettings(String applicationId, Path stateDir, Duration trendWindow, Duration trendGrace,
                                ScalingPolicy scaling,
                                boolean exactlyOnce, short replicationFactor, HealthRules.Settings health) {

    public ProcessorSettings {
        Objects.requireNonNull(applicationId, "processor.application-id");
        Objects.requireNonNull(stateDir, "processor.state-dir");
        requirePositive(trendWindow, "processor.trend-window");
        if (trendGrace == null || trendGrace.isNegative()) {
            throw new IllegalArgumentException("processor.trend-grace must be >= 0, was " + trendGrace);
        }
        Objects.requireNonNull(scaling, "processor.scaling");
        Objects.requireNonNull(health, "processor.health");
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException("processor.replication-factor must be >= 1 or -1 (broker default), was "
                    + replicationFactor);
        }
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }

    /** Production defaults: 1 min trends, the default scaling policy and health rules. */
    public static ProcessorSettings defaults(Path stateDir) {
        return new ProcessorSettings("numbat-stream-processor", stateDir, Duration.ofMinutes(1), Duration.ofSeconds(5),
                ScalingPolicy.defaults(), false, (short) -1, HealthRules.Settings.defaults());
    }

    public ProcessorSettings withTrendWindow(Duration window, Duration grace) {
        return new ProcessorSettings(applicationId, stateDir, window, grace, scaling, exactlyOnce, replicationFactor, health);
    }

    /** The same settings under another application id and processing guarantee. */
    public ProcessorSettings withDelivery(String id, boolean exactly) {
        return new ProcessorSettings(id, stateDir, trendWindow, trendGrace, scaling, exactly, replicationFactor, health);
    }

    public ProcessorSettings withScaling(ScalingPolicy policy) {
        return new ProcessorSettings(applicationId, stateDir, trendWindow, trendGrace, policy, exactlyOnce,
                replicationFactor, health);
    }

    public ProcessorSettings withHealth(HealthRules.Settings rules) {
        return new ProcessorSettings(applicationId, stateDir, trendWindow, trendGrace, scaling, exactlyOnce,
                replicationFactor, rules);
    }
}
