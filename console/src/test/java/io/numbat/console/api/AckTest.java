package io.numbat.console.api;

import static io.numbat.console.Fixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AckTest {
    private static final String ALARM = "/api/alarms/web-1@sim%2Fprocess_limit";
    private ConsoleTestSupport c;
    private long raisedAt;

    @BeforeEach
    void start(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        raisedAt = System.currentTimeMillis() - 1_000;
        c.intake.feedAndWait(s -> s.alarm(raised("web-1@sim", "web", "process_limit", Severity.MAJOR, raisedAt)));
    }

    @AfterEach
    void stop() {
        c.close();
    }

    private HttpResponse<Buffer> post(String path, String body) {
        return c.send(c.post(path).putHeader("Content-Type", "application/json"), body);
    }

    @Test
    void acknowledgementIsPublishedAndShownThenWithdrawn() {
        HttpResponse<Buffer> r = post(ALARM + "/ack", "{\"comment\": \"restarting it\", \"user\": \"ann\"}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getBoolean("acknowledged")).isTrue();
        AlarmAck published = c.intake.published.get(0);
        assertThat(published.getAlarmId()).isEqualTo("web-1@sim/process_limit");
        assertThat(published.getComment()).isEqualTo("restarting it");
        assertThat(published.getUser()).isEqualTo("ann");
        assertThat(published.getAlarmTimestamp().toEpochMilli()).isEqualTo(raisedAt);
        JsonObject listed = c.send(c.get("/api/alarms"))
                .bodyAsJsonObject()
                .getJsonArray("alarms")
                .getJsonObject(0);
        assertThat(listed.getBoolean("acknowledged")).isTrue();
        assertThat(listed.getJsonObject("ack").getString("comment")).isEqualTo("restarting it");

        r = post("/api/alarms/web-1@sim/process_limit/unack", "{}"); // an unencoded slash works too
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getBoolean("acknowledged")).isFalse();
        assertThat(c.intake.published).hasSize(2);
    }

    @Test
    void anEmptyBodyMeansNoComment() {
        HttpResponse<Buffer> r = c.send(c.post(ALARM + "/ack"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(c.intake.published.get(0).getComment()).isNull();
        assertThat(c.intake.published.get(0).getUser()).isEqualTo("operator");
    }

    @Test
    void malformedBodiesAre400WithTheReason() {
        HttpResponse<Buffer> r = post(ALARM + "/ack", "{comment: oops");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).startsWith("body is not JSON");
        r = post(ALARM + "/ack", "[\"x\"]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("must be a JSON object");
        r = post(ALARM + "/ack", "{\"comment\": 5}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("comment must be a string");
        r = post(ALARM + "/ack", "{\"comment\": \"" + "x".repeat(1001) + "\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(c.intake.published).isEmpty();
    }

    @Test
    void unknownAlarmIs404() {
        HttpResponse<Buffer> r = post("/api/alarms/nope@sim%2Fmemory/ack", "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("no raised alarm 'nope@sim/memory'");
    }

    @Test
    void aFailedPublishIs503AndChangesNothing() {
        c.intake.failAcks(true);
        HttpResponse<Buffer> r = post(ALARM + "/ack", "{}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("broker unreachable");
        assertThat(c.send(c.get("/api/alarms"))
                        .bodyAsJsonObject()
                        .getJsonArray("alarms")
                        .getJsonObject(0)
                        .getBoolean("acknowledged"))
                .isFalse();
    }
}
