package io.numbat.schemas.config;

import java.util.List;

/** A configuration that cannot be used; each error names the key path it is about. */
public final class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(String source, List<String> errors) {
        super(message(source, errors));
        this.errors = List.copyOf(errors);
    }

    private static String message(String source, List<String> errors) {
        if (errors.size() == 1) {
            return source + ": " + errors.get(0);
        }
        return source + ": " + errors.size() + " errors:\n  " + String.join("\n  ", errors);
    }

    /** Every error found, e.g. {@code families.web.maxNodes must be >= minNodes (2), was 1}. */
    public List<String> errors() {
        return errors;
    }
}
