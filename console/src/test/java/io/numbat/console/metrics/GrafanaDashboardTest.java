package io.numbat.console.metrics;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample Grafana dashboard's console rows (and its template variables) query only series that the console's
 * {@code /metrics} exposes; the other components' rows are checked against theirs by {@code ComponentMetricsIT}.
 */
@ExtendWith(VertxExtension.class)
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of("..", "docker", "grafana", "numbat-dashboard.json");
    /** Metric names in PromQL: the console's and Micrometer's prefixes (label names and functions never start so). */
    private static final Pattern METRIC = Pattern.compile("\\b(?:numbat|jvm|process|system)_[a-z0-9_]+");
    /** The dashboard's rows that show the console (the others show the other components). */
    static final Set<String> CONSOLE_ROWS = Set.of("Fleet", "Console", "Console JVM");

    @Test
    void everyMetricTheDashboardQueriesIsExposedByTheConsole(Vertx vertx) throws IOException {
        JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        collect(dashboard.getJsonObject("templating"), queried);
        String row = "";
        for (Object p : dashboard.getJsonArray("panels")) {
            JsonObject panel = (JsonObject) p;
            if ("row".equals(panel.getString("type"))) {
                row = panel.getString("title");
            } else if (CONSOLE_ROWS.contains(row)) {
                collect(panel, queried);
            }
        }
        assertThat(queried)
                .as("metric names in the dashboard's queries")
                .contains(
                        "numbat_fleet_nodes",
                        "numbat_alarms_raised",
                        "numbat_console_sse_clients",
                        "jvm_memory_used_bytes");

        Set<String> exposed = new TreeSet<>();
        try (ConsoleTestSupport c = new ConsoleTestSupport(vertx)) {
            long now = System.currentTimeMillis();
            c.intake.feedAndWait(s -> {
                s.metrics(batch("web-1@sim", "web", now, 0.5, 10));
                s.alarm(raised("web-1@sim", "web", "process_limit", Severity.MAJOR, now));
            });
            for (String line : c.send(c.get("/metrics")).bodyAsString().split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exposed.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        assertThat(exposed).as("series on /metrics").containsAll(queried);
    }

    /** Every {@code expr} of the panels' targets and every templating query, anywhere in the JSON. */
    private static void collect(Object node, Set<String> out) {
        if (node instanceof JsonObject o) {
            for (String k : o.fieldNames()) {
                Object v = o.getValue(k);
                if ((k.equals("expr") || k.equals("query") || k.equals("definition")) && v instanceof String s) {
                    Matcher m = METRIC.matcher(s);
                    while (m.find()) {
                        out.add(m.group());
                    }
                } else {
                    collect(v, out);
                }
            }
        } else if (node instanceof JsonArray a) {
            a.forEach(v -> collect(v, out));
        }
    }
}
