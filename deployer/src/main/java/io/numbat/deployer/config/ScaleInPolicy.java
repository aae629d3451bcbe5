package io.numbat.deployer.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which RUNNING nodes a scale-in that names none stops. */
public enum ScaleInPolicy {
    /** The most recently launched first. */
    NEWEST("newest"),
    /** The lowest recent scheduler utilisation (as last seen on {@code numbat.metrics}) first; unknown counts as 0. */
    LEAST_LOADED("least-loaded");

    private final String configName;

    ScaleInPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<ScaleInPolicy> fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }

    public static String known() {
        return Arrays.stream(values()).map(ScaleInPolicy::configName).collect(Collectors.joining(", "));
    }
}
