package io.numbat.processor.config;

import io.numbat.processor.health.AlarmThresholds;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.scaling.ScalingPolicy;
import java.util.Objects;

/**
 * What the stream processor applies to one family: its mode, its scaling policy and its alarm thresholds.
 *
 * @param mode scale, or monitor (alarms only)
 * @param scaling the scaling policy (unused in mode monitor)
 * @param alarms the alarm thresholds
 */
public record FamilyRules(FamilyMode mode, ScalingPolicy scaling, AlarmThresholds alarms) {
    public FamilyRules {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(alarms, "alarms");
    }

    /** Mode scale with {@code scaling} and the thresholds of {@code health}: what the command line gives. */
    public static FamilyRules of(ScalingPolicy scaling, HealthRules.Settings health) {
        return new FamilyRules(FamilyMode.SCALE, scaling, AlarmThresholds.of(health));
    }

    /** The scaling policy to ask, or null in mode monitor: the family never gets a scaling decision. */
    public ScalingPolicy scalingOrNull() {
        return mode == FamilyMode.MONITOR ? null : scaling;
    }
}
