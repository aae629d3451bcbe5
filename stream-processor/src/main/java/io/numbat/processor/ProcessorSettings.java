package io.numbat.processor;

import io.numbat.processor.health.HealthRules;
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
 * @param scaleOutAbove mean family utilisation above which the naive rule scales out
 * @param scaleOutCooldown minimum time between two scale-outs of a family
 * @param maxNodesPerFamily the naive rule never grows a family past this
 * @param exactlyOnce {@code exactly_once_v2} instead of at-least-once
 * @param replicationFactor of the internal topics; -1 takes the broker's default
 * @param health alarm thresholds, forecast settings, node-down grace period
 */
public record ProcessorSettings(String applicationId, Path stateDir, Duration trendWindow, Duration trendGrace,
                                double scaleOutAbove, Duration scaleOutCooldown, int maxNodesPerFamily,
                                boolean exactlyOnce, short replicationFactor, HealthRules.Settings health) {

    public ProcessorSettings {
        Objects.requireNonNull(applicationId, "processor.application-id");
        Objects.requireNonNull(stateDir, "processor.state-dir");
        requirePositive(trendWindow, "processor.trend-window");
        if (trendGrace == null || trendGrace.isNegative()) {
            throw new IllegalArgumentException("processor.trend-grace must be >= 0, was " + trendGrace);
        }
        if (!(scaleOutAbove > 0 && scaleOutAbove <= 1)) {
            throw new IllegalArgumentException("processor.scale-out-above must be in (0, 1], was " + scaleOutAbove);
        }
        if (scaleOutCooldown == null || scaleOutCooldown.isNegative()) {
            throw new IllegalArgumentException("processor.scale-out-cooldown must be >= 0, was " + scaleOutCooldown);
        }
        if (maxNodesPerFamily < 1) {
            throw new IllegalArgumentException("processor.max-nodes-per-family must be >= 1, was " + maxNodesPerFamily);
        }
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

    /** Production defaults: 1 min trends, scale out above 75 % at most every 5 min. */
    public static ProcessorSettings defaults(Path stateDir) {
        return new ProcessorSettings("numbat-stream-processor", stateDir, Duration.ofMinutes(1), Duration.ofSeconds(5),
                0.75, Duration.ofMinutes(5), 50, false, (short) -1, HealthRules.Settings.defaults());
    }

    public ProcessorSettings withTrendWindow(Duration window, Duration grace) {
        return new ProcessorSettings(applicationId, stateDir, window, grace, scaleOutAbove, scaleOutCooldown,
                maxNodesPerFamily, exactlyOnce, replicationFactor, health);
    }

    public ProcessorSettings withScaleOut(double above, Duration cooldown, int maxNodes) {
        return new ProcessorSettings(applicationId, stateDir, trendWindow, trendGrace, above, cooldown,
                maxNodes, exactlyOnce, replicationFactor, health);
    }

    public ProcessorSettings withHealth(HealthRules.Settings rules) {
        return new ProcessorSettings(applicationId, stateDir, trendWindow, trendGrace, scaleOutAbove, scaleOutCooldown,
                maxNodesPerFamily, exactlyOnce, replicationFactor, rules);
    }
}
