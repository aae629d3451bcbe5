package io.numbat.deployer.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's type-specific settings, already checked against its {@link ProviderType}: values are
 * {@code String}, {@code List<String>}, {@code Integer} or {@code Duration} as the type's {@link SettingSpec}s say.
 */
public record Settings(Map<String, Object> values) {
    public static final Settings EMPTY = new Settings(Map.of());

    public Settings {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v instanceof List<?> list ? List.copyOf(list) : v));
        values = Collections.unmodifiableMap(copy);
    }

    /** A string setting, if given. */
    public Optional<String> string(String key) {
        return Optional.ofNullable(values.get(key)).map(String.class::cast);
    }

    /** A list-of-strings setting, or an empty list. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        return ((List<?>) v).stream().map(String.class::cast).toList();
    }

    /** An integer setting, if given. */
    public Optional<Integer> integer(String key) {
        return Optional.ofNullable(values.get(key)).map(Integer.class::cast);
    }

    /** A duration setting, if given. */
    public Optional<Duration> duration(String key) {
        return Optional.ofNullable(values.get(key)).map(Duration.class::cast);
    }
}
