package io.numbat.platform.logging;

import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How log lines look on stderr: {@code text} (an ISO 8601 time with its zone, level, logger and message) or
 * {@code json} (one JSON object per line). log4j2.xml picks the appender named after the system property
 * {@value #PROPERTY}, else the environment variable {@value #ENV}, else {@code text}; {@link #use} switches a
 * running process, since the command line is parsed after logging has started.
 */
public final class LogFormat {
    public static final String PROPERTY = "numbat.log.format";
    public static final String ENV = "NUMBAT_LOG_FORMAT";
    public static final List<String> FORMATS = List.of("text", "json");

    private LogFormat() {}

    /** The format log4j2.xml chose at start-up (lower case). */
    public static String current() {
        String chosen = System.getProperty(PROPERTY);
        if (chosen == null || chosen.isBlank()) {
            chosen = System.getenv(ENV);
        }
        return chosen == null || chosen.isBlank() ? "text" : chosen;
    }

    /**
     * Switches the log format, reloading the log4j configuration only when it changes.
     *
     * @throws IllegalArgumentException naming the accepted formats when {@code format} is none of them
     */
    public static synchronized void use(String format) {
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new IllegalArgumentException("log format '" + format + "' is not one of " + FORMATS);
        }
        if (!f.equals(current())) {
            System.setProperty(PROPERTY, f);
            Configurator.reconfigure();
        }
    }
}
