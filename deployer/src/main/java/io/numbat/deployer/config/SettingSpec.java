package io.numbat.deployer.config;

/** One type-specific provider setting: its key, the kind of value it takes, and whether it must be given. */
public record SettingSpec(String key, Kind kind, boolean required) {

    /** The kinds of setting value. */
    public enum Kind {
        /** A non-empty string. */
        STRING("a non-empty string"),
        /** A non-empty list of non-empty strings. */
        STRING_LIST("a non-empty list of non-empty strings"),
        /** An http:// or https:// URL. */
        URL("an http:// or https:// URL"),
        /** A TCP port number, 1..65535. */
        PORT("a port number (1..65535)"),
        /** A positive duration written like {@code 500ms}, {@code 10s}, {@code 5m}. */
        DURATION("a duration like 500ms, 10s or 5m (> 0)");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** How the kind reads in an error message. */
        public String description() {
            return description;
        }
    }

    static SettingSpec required(String key, Kind kind) {
        return new SettingSpec(key, kind, true);
    }

    static SettingSpec optional(String key, Kind kind) {
        return new SettingSpec(key, kind, false);
    }
}
