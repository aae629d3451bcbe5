package io.numbat.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.platform.access.AccessPlan;
import io.numbat.platform.security.PlatformSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything a test run logged, searched for secrets: the log events of this JVM from {@link #start()} to
 * {@link #close()}, exactly those that reach the root logger's appenders (stderr), and the {@code *.log} files
 * under the directories given to {@link #assertNoSecret} (child processes' stderr, brokers, the registry,
 * Erlang nodes). A failure names the secret and where it was found, never its value.
 */
public final class SecretScan implements AutoCloseable {
    private final LoggerContext context;
    private final Collector collector;

    private SecretScan(LoggerContext context, Collector collector) {
        this.context = context;
        this.collector = collector;
    }

    public static SecretScan start() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Collector collector = new Collector("secret-scan-" + UUID.randomUUID());
        collector.start();
        Configuration config = context.getConfiguration();
        config.addAppender(collector);
        config.getRootLogger().addAppender(collector, null, null);
        context.updateLoggers();
        return new SecretScan(context, collector);
    }

    /** What this JVM logged so far (one formatted event after another, with stack traces). */
    public String logged() {
        return collector.text();
    }

    /**
     * Asserts that no value of {@code secrets} (by name) is in this JVM's log nor in any {@code *.log} file under
     * {@code dirs}.
     */
    public void assertNoSecret(Map<String, String> secrets, Path... dirs) {
        assertThat(secrets)
                .as("secrets to look for")
                .isNotEmpty()
                .allSatisfy((name, value) -> assertThat(value).as(name).hasSizeGreaterThanOrEqualTo(4));
        List<String> found = new ArrayList<>();
        search("this JVM's log", logged(), secrets, found);
        for (Path dir : dirs) {
            for (Path file : logFiles(dir)) {
                try {
                    search(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1), secrets, found);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertThat(found).as("secrets in logs").isEmpty();
    }

    /**
     * The secrets of a secured embedded platform: the TLS stores' password and every user's SCRAM password
     * (from the users' client properties files).
     */
    public static Map<String, String> of(PlatformSecurity security) {
        Map<String, String> secrets = new TreeMap<>();
        secrets.put("TLS store password", security.tls().password());
        for (String component : AccessPlan.components()) {
            String user = PlatformSecurity.USER_PREFIX + component;
            secrets.put("SCRAM password of " + user, scramPassword(security.clientConfig(user)));
        }
        secrets.put("SCRAM password of " + PlatformSecurity.ADMIN, scramPassword(security.adminConfig()));
        return secrets;
    }

    private static String scramPassword(Path clientConfig) {
        Matcher m = Pattern.compile("password=\"([^\"]+)\"")
                .matcher(PlatformSecurity.load(clientConfig).getProperty("sasl.jaas.config"));
        assertThat(m.find()).as("a password in " + clientConfig).isTrue();
        return m.group(1);
    }

    /** The {@code *.log} files under {@code dir}. */
    public static List<Path> logFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void search(String where, String text, Map<String, String> secrets, List<String> found) {
        secrets.forEach((name, value) -> {
            int at = text.indexOf(value);
            if (at >= 0) {
                long line = text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
                found.add(name + " in " + where + " line " + line);
            }
        });
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(collector.getName());
        context.updateLoggers();
        collector.stop();
    }

    /** Keeps every event as its stderr line would read, with the stack trace. */
    private static final class Collector extends AbstractAppender {
        private final StringBuffer text = new StringBuffer();

        Collector(String name) {
            super(
                    name,
                    null,
                    PatternLayout.newBuilder()
                            .withPattern("%d %-5level %c - %msg%n%throwable")
                            .build(),
                    true,
                    Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            text.append(getLayout().toSerializable(event));
        }

        String text() {
            return text.toString();
        }
    }
}
