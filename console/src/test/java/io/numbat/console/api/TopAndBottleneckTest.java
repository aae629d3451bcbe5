package io.numbat.console.api;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.batchWithTops;
import static io.numbat.console.Fixtures.bottleneck;
import static io.numbat.console.Fixtures.proc;
import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TopAndBottleneckTest {
    private static final String NODE = "web-1@sim";
    private ConsoleTestSupport c;
    private long t;

    @BeforeEach
    void start(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        t = System.currentTimeMillis();
        c.intake.feedAndWait(s -> s.metrics(batch(NODE, "web", t - 10_000, 0.5, 2_000)));
    }

    @AfterEach
    void stop() {
        c.close();
    }

    private JsonObject top(String by) {
        HttpResponse<Buffer> r = c.send(c.get("/api/nodes/" + NODE + "/top" + (by == null ? "" : "?by=" + by)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private static List<String> pids(JsonObject top) {
        return top.getJsonArray("processes").stream()
                .map(o -> ((JsonObject) o).getString("pid"))
                .toList();
    }

    @Test
    void aWatchedNodesTopFollowsItsTicksSortedByEachMeasure() {
        JsonObject before = top(null);
        assertThat(before.getJsonArray("processes")).isEmpty(); // not watched before: fills at the next tick
        assertThat(before.getValue("timestamp")).isNull();

        c.intake.feedAndWait(s -> s.metrics(batchWithTops(NODE, "web", t)));
        JsonObject byReductions = top("reductions");
        assertThat(byReductions.getLong("timestamp")).isEqualTo(t);
        assertThat(byReductions.getLong("windowMillis")).isEqualTo(10_000);
        assertThat(pids(byReductions)).containsExactly("<0.4711.0>", "<0.4712.0>", "<0.40.0>", "<0.4713.0>");
        JsonObject runaway = byReductions.getJsonArray("processes").getJsonObject(0);
        assertThat(runaway.getString("process")).isEqualTo("report_builder:run/1");
        assertThat(runaway.getLong("reductions")).isEqualTo(60_000_000);
        assertThat(runaway.getLong("memory")).isEqualTo(2_000_000);
        assertThat(runaway.getString("currentFunction")).isEqualTo("report_builder:run/1:loop/1");
        assertThat(pids(top("memory"))).startsWith("<0.4713.0>", "<0.4712.0>");
        assertThat(pids(top("QUEUE"))).startsWith("<0.4712.0>", "<0.4713.0>");
    }

    @Test
    void unknownNodeAndBadMeasureAreRefused() {
        HttpResponse<Buffer> r = c.send(c.get("/api/nodes/nobody@nowhere/top"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("no node 'nobody@nowhere'");
        r = c.send(c.get("/api/nodes/" + NODE + "/top?by=cpu"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error"))
                .contains("reductions, memory or queue")
                .contains("cpu");
    }

    @Test
    void bottlenecksListNodeAndFamilyAlarmsWithTheirCulpritsAndTheFamilysNodes() {
        var flood = proc("event_relay", "<0.4712.0>", 8_000, 50_000, 30_000_000);
        c.intake.feedAndWait(s -> {
            s.alarm(bottleneck(NODE, "web", "max_message_queue", flood, t));
            s.alarm(bottleneck("web-2@sim", "web", "max_message_queue", flood, t));
            s.alarm(bottleneck(null, "web", "max_message_queue", proc("event_relay", "", 0, 0, 0), t));
            s.alarm(raised(NODE, "web", "process_limit", Severity.CRITICAL, t)); // not a bottleneck
        });
        HttpResponse<Buffer> r = c.send(c.get("/api/bottlenecks"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonArray alarms = r.bodyAsJsonObject().getJsonArray("alarms");
        assertThat(alarms).hasSize(3);
        JsonObject node = alarms.stream()
                .map(o -> (JsonObject) o)
                .filter(a -> NODE.equals(a.getString("node")))
                .findFirst()
                .orElseThrow();
        assertThat(node.getJsonObject("culprit").getString("pid")).isEqualTo("<0.4712.0>");
        assertThat(node.getJsonObject("culprit").getLong("queue")).isEqualTo(8_000);
        JsonObject family = alarms.stream()
                .map(o -> (JsonObject) o)
                .filter(a -> a.getValue("node") == null)
                .findFirst()
                .orElseThrow();
        assertThat(family.getString("id")).isEqualTo("family:web/bottleneck/max_message_queue");
        assertThat(family.getJsonObject("culprit").getString("process")).isEqualTo("event_relay");
        assertThat(family.getJsonObject("culprit").getValue("pid")).isNull();
        assertThat(family.getJsonArray("nodes").getList()).containsExactlyInAnyOrder(NODE, "web-2@sim");
    }
}
