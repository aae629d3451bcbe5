package io.numbat.processor.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the stream processor does for a family besides watching it (docs/processor-config.md). */
public enum FamilyMode {
    /** Alarms, forecasts and scaling decisions by the family's scaling policy; remediations as configured. */
    SCALE,
    /**
     * Alarms and forecasts only: never a scaling decision, and remediations only as notifications (mode NOTIFY), so
     * nothing launches or stops one of its nodes. For families the deployer does not manage.
     */
    MONITOR;

    /** Its name in the config file: {@code scale}, {@code monitor}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FamilyMode> byConfigName(String name) {
        return Arrays.stream(values()).filter(m -> m.configName().equals(name)).findFirst();
    }

    /** The config names, for error messages. */
    public static String known() {
        return String.join(
                ", ", Arrays.stream(values()).map(FamilyMode::configName).toList());
    }
}
