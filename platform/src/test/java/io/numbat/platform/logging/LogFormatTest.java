package io.numbat.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production log4j2.xml: its text and JSON lines, and switching formats in a running process. */
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Logs what the tests look for, through SLF4J as every component does. */
    public static final class Sample {
        public static void main(String[] args) {
            Logger log = LoggerFactory.getLogger("io.numbat.deployer.Example");
            log.info("started {} nodes \"quoted\"", 3);
            log.warn("it failed", new IllegalStateException("boom"));
        }
    }

    /** The stderr lines of {@link Sample} in a JVM of its own with the production log4j2.xml. */
    private static List<String> logLines(String envFormat) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Sample.class.getName());
        pb.environment().remove(LogFormat.ENV);
        if (envFormat != null) {
            pb.environment().put(LogFormat.ENV, envFormat);
        }
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return err.lines().toList();
    }

    @Test
    void textLinesStartWithAnIso8601TimeThatCarriesTheDateAndTheZone() throws Exception {
        List<String> lines = logLines(null);

        assertThat(lines.get(0))
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) "
                        + "INFO  Example - started 3 nodes \"quoted\"");
        OffsetDateTime.parse(lines.get(0).substring(0, lines.get(0).indexOf(' ')));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).endsWith("WARN  Example - it failed"))
                .anySatisfy(l -> assertThat(l).contains("IllegalStateException: boom"));
    }

    @Test
    void jsonWritesOneParseableObjectPerLineWithTimestampLevelLoggerAndMessage() throws Exception {
        List<String> lines = logLines("json"); // as NUMBAT_LOG_FORMAT=json

        assertThat(lines).hasSize(2);
        JsonNode info = JSON.readTree(lines.get(0));
        assertThat(OffsetDateTime.parse(info.get("timestamp").asText())).isNotNull();
        assertThat(info.get("level").asText()).isEqualTo("INFO");
        assertThat(info.get("logger").asText()).isEqualTo("io.numbat.deployer.Example");
        assertThat(info.get("message").asText()).isEqualTo("started 3 nodes \"quoted\"");
        assertThat(info.has("thread")).isTrue();
        JsonNode warn = JSON.readTree(lines.get(1));
        assertThat(warn.get("level").asText()).isEqualTo("WARN");
        assertThat(warn.get("exception").asText())
                .startsWith("java.lang.IllegalStateException: boom")
                .contains("at io.numbat.platform.logging.LogFormatTest");
    }

    @Test
    void switchingTheRunningProcessReplacesTheRootAppenderAndUnknownFormatsAreRefused() {
        LoggerContext live = (LoggerContext) LogManager.getContext(false);
        try {
            LogFormat.use("JSON");
            assertThat(live.getConfiguration().getRootLogger().getAppenders()).containsOnlyKeys("json");
        } finally {
            LogFormat.use("text");
        }
        assertThat(live.getConfiguration().getRootLogger().getAppenders()).containsOnlyKeys("text");
        assertThatThrownBy(() -> LogFormat.use("yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log format 'yaml' is not one of [text, json]");
    }
}
