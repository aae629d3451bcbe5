package io.numbat.console.api;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.deployment;
import static io.numbat.console.Fixtures.forecast;
import static io.numbat.console.Fixtures.logEvent;
import static io.numbat.console.Fixtures.nodeEvent;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RestApiTest {
    private ConsoleTestSupport c;
    private long now;

    @BeforeEach
    void start(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        now = System.currentTimeMillis();
        c.intake.feedAndWait(s -> {
            for (int i = 0; i < 30; i++) {
                s.metrics(batch(String.format("web-%02d@sim", i), "web", now - 1_000, 0.8, 1_000 + i));
            }
            s.metrics(batch("db-1@sim", "db", now - 1_000, 0.2, 500));
            s.metrics(batch("host-1/cpu:0", "hosts", now - 1_000, 0.1, 0));
            s.deployment(deployment("web-30@sim", "web", DeploymentState.STARTING, now));
            s.alarm(raised("web-03@sim", "web", "process_limit", Severity.MAJOR, now));
            s.alarm(raised("db-1@sim", "db", "memory", Severity.CRITICAL, now));
            s.forecast(forecast("web-03@sim", "web", now, 420));
            s.nodeEvent(nodeEvent("web-03@sim", "web", NodeEventType.UP, now - 5_000));
        });
    }

    @AfterEach
    void stop() {
        c.close();
    }

    private JsonObject getJson(String path, int status) {
        HttpResponse<Buffer> r = c.send(c.get(path));
        assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        return r.bodyAsJsonObject();
    }

    @Test
    void fleetSummaryHasFamiliesByStateAndHealthTopAlarmsAndDeploymentsInProgress() {
        JsonObject f = getJson("/api/fleet", 200);
        assertThat(f.getInteger("nodes")).isEqualTo(33);
        assertThat(f.getInteger("alarms")).isEqualTo(2);
        JsonArray families = f.getJsonArray("families");
        assertThat(families.stream().map(o -> ((JsonObject) o).getString("family")))
                .containsExactly("db", "hosts", "web");
        JsonObject web = families.getJsonObject(2);
        assertThat(web.getInteger("nodes")).isEqualTo(31);
        assertThat(web.getJsonObject("byState").getInteger("UP")).isEqualTo(30);
        assertThat(web.getJsonObject("byState").getInteger("STARTING")).isEqualTo(1);
        assertThat(web.getJsonObject("byHealth").getInteger("ORANGE")).isEqualTo(1);
        assertThat(f.getJsonArray("topAlarms").getJsonObject(0).getString("id")).isEqualTo("db-1@sim/memory");
        assertThat(f.getJsonArray("deploymentsInProgress").getJsonObject(0).getString("node"))
                .isEqualTo("web-30@sim");
    }

    @Test
    void nodesArePagedAndSearchable() {
        JsonObject p = getJson("/api/nodes?family=web&page=1&size=10", 200);
        assertThat(p.getInteger("total")).isEqualTo(31);
        assertThat(p.getJsonArray("nodes")).hasSize(10);
        assertThat(p.getJsonArray("nodes").getJsonObject(0).getString("node")).isEqualTo("web-10@sim");
        JsonObject node = p.getJsonArray("nodes").getJsonObject(0);
        assertThat(node.getString("state")).isEqualTo("UP");
        assertThat(node.getJsonObject("metrics").getJsonObject("process_count").getDouble("limit"))
                .isEqualTo(262_144.0);
        JsonObject q = getJson("/api/nodes?q=WEB-2", 200);
        assertThat(q.getInteger("total")).isEqualTo(10);
        assertThat(getJson("/api/nodes", 200).getInteger("total")).isEqualTo(33);
    }

    @Test
    void nodeDetailHasHistoryForecastsAlarmsAndEvents() {
        JsonObject n = getJson("/api/nodes/web-03@sim", 200);
        assertThat(n.getString("health")).isEqualTo("ORANGE");
        JsonArray points =
                n.getJsonObject("history").getJsonObject("process_count").getJsonArray("points");
        assertThat(points).hasSize(1);
        assertThat(points.getJsonArray(0).getDouble(1)).isEqualTo(1_003.0);
        assertThat(n.getJsonObject("history").getJsonObject("process_count").getDouble("limit"))
                .isEqualTo(262_144.0);
        assertThat(n.getJsonObject("history").getJsonObject("process_count").containsKey("trendPerMinute"))
                .isTrue();
        assertThat(n.getJsonObject("history").getJsonObject("process_count").getValue("trendPerMinute"))
                .as("one point is no trend")
                .isNull();
        assertThat(n.getJsonArray("forecasts").getJsonObject(0).getDouble("secondsToExhaustion"))
                .isEqualTo(420.0);
        assertThat(n.getJsonArray("forecasts").getJsonObject(0).getString("metric"))
                .isEqualTo("process_count");
        assertThat(n.getJsonArray("alarms").getJsonObject(0).getString("type")).isEqualTo("process_limit");
        assertThat(n.getJsonArray("events").getJsonObject(0).getString("kind")).isEqualTo("UP");
    }

    @Test
    void aNodesErrorLogEventsAreOnItsPageNewestFirstAndItsAlarmsReferToThem() {
        c.intake.feedAndWait(s -> {
            s.nodeEvent(logEvent("web-03@sim", "web", "error", "long ago", now - 3_600_000));
            s.nodeEvent(logEvent("web-03@sim", "web", "error", "payment 42 failed: timeout", now - 60_000));
            s.nodeEvent(logEvent("web-03@sim", "web", "critical", "<script>card_declined</script>", now - 30_000));
            s.nodeEvent(nodeEvent("web-03@sim", "web", NodeEventType.UNKNOWN, now));
        });
        JsonObject n = getJson("/api/nodes/web-03@sim", 200);
        JsonArray logs = n.getJsonArray("logs");
        assertThat(logs).hasSize(3);
        JsonObject latest = logs.getJsonObject(0);
        assertThat(latest.getString("level")).isEqualTo("critical");
        assertThat(latest.getString("message")).isEqualTo("<script>card_declined</script>");
        assertThat(latest.getLong("timestamp")).isEqualTo(now - 30_000);
        assertThat(latest.getJsonObject("metadata").getString("mfa")).isEqualTo("shop:pay/2");
        assertThat(latest.getLong("dropped")).isZero();
        assertThat(logs.getJsonObject(2).getString("message")).isEqualTo("long ago");
        // log events are not lifecycle events, and a kind this console does not know is skipped
        assertThat(n.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("kind")))
                .containsExactly("UP");
        assertThat(n.getString("state")).isEqualTo("UP");
        // the alarm (raised now) refers to the two logged within 10 minutes before it
        JsonObject refs = n.getJsonArray("alarms").getJsonObject(0).getJsonObject("logs");
        assertThat(refs.getInteger("count")).isEqualTo(2);
        assertThat(refs.getLong("latest")).isEqualTo(now - 30_000);
        assertThat(refs.getString("latestLevel")).isEqualTo("critical");
        assertThat(getJson("/api/nodes/db-1@sim", 200)
                        .getJsonArray("alarms")
                        .getJsonObject(0)
                        .getJsonObject("logs")
                        .getInteger("count"))
                .isZero();
    }

    @Test
    void nodeNamesWithASlashWorkEncodedOrNot() {
        assertThat(getJson("/api/nodes/host-1%2Fcpu:0", 200).getString("node")).isEqualTo("host-1/cpu:0");
        assertThat(getJson("/api/nodes/host-1/cpu:0", 200).getString("node")).isEqualTo("host-1/cpu:0");
    }

    @Test
    void unknownNodeOrFamilyIs404AndBadParametersAre400WithTheReason() {
        assertThat(getJson("/api/nodes/nope@sim", 404).getString("error")).isEqualTo("no node 'nope@sim'");
        assertThat(getJson("/api/nodes?family=cache", 404).getString("error")).isEqualTo("no family 'cache'");
        assertThat(getJson("/api/alarms?node=nope@sim", 404).getString("error")).contains("nope@sim");
        assertThat(getJson("/api/nodes?size=0", 400).getString("error"))
                .isEqualTo("size must be between 1 and 500, got 0");
        assertThat(getJson("/api/nodes?page=x", 400).getString("error")).isEqualTo("page must be an integer, got 'x'");
        assertThat(getJson("/api/alarms?severity=bad", 400).getString("error")).contains("minor, major or critical");
        assertThat(getJson("/api/nope", 404).getString("error")).contains("/api/nope");
    }

    @Test
    void alarmsFilterBySeverityFamilyAndNode() {
        assertThat(getJson("/api/alarms", 200).getInteger("total")).isEqualTo(2);
        assertThat(getJson("/api/alarms?severity=critical", 200)
                        .getJsonArray("alarms")
                        .getJsonObject(0)
                        .getString("node"))
                .isEqualTo("db-1@sim");
        assertThat(getJson("/api/alarms?family=web", 200).getInteger("total")).isEqualTo(1);
        assertThat(getJson("/api/alarms?node=web-03@sim&severity=critical", 200).getInteger("total"))
                .isZero();
    }

    @Test
    void healthSaysUp() {
        JsonObject h = getJson("/health", 200);
        assertThat(h.getString("status")).isEqualTo("UP");
        assertThat(h.getBoolean("live")).isTrue();
        assertThat(h.getBoolean("ready")).isTrue();
        assertThat(h.getJsonObject("checks").getInteger("nodes")).isEqualTo(33);
        assertThat(h.getJsonObject("checks").getJsonObject("deadLettered").getLong("numbat.alarms"))
                .isZero();
        assertThat(getJson("/health/live", 200).getString("status")).isEqualTo("UP");
        assertThat(getJson("/health/ready", 200).getString("status")).isEqualTo("UP");
    }

    @Test
    void servesTheOperatorPageWithoutAnyCdn() {
        HttpResponse<Buffer> page = c.send(c.get("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.bodyAsString())
                .contains("new EventSource('/api/events'")
                .doesNotContain("https://");
        assertThat(c.send(c.get("/nothing-here.js")).statusCode()).isEqualTo(404);
    }
}
