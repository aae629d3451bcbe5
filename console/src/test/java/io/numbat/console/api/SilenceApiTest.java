package io.numbat.console.api;

import static io.numbat.console.ConsoleTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.ChangeKind;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.PolicyMode;
import io.numbat.schemas.Silence;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Silences and autoscaling pauses through the console's REST API: checked (a bad silence is refused with its
 * reasons), published with their audit record, refused without the operator token; pauses go to the deployer.
 */
@ExtendWith(VertxExtension.class)
class SilenceApiTest {
    private ConsoleTestSupport c;
    private HttpServer deployer;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
        if (deployer != null) {
            await(deployer.close());
        }
    }

    private void start(Vertx vertx, boolean token) {
        c = new ConsoleTestSupport(
                vertx, token ? ConsoleTestSupport.config().withOperatorToken("op-token") : ConsoleTestSupport.config());
    }

    private HttpResponse<Buffer> post(String path, JsonObject body) {
        return c.send(c.post(path).putHeader("Content-Type", "application/json"), body.encode());
    }

    private static JsonObject silence(String family, String type) {
        return new JsonObject()
                .put("family", family)
                .put("alarmType", type)
                .put("duration", "2h")
                .put("comment", "deploying web")
                .put("user", "ana");
    }

    @Test
    void aSilenceIsPublishedWithItsAuditRecordAndListed(Vertx vertx) {
        start(vertx, true);
        HttpResponse<Buffer> r = post("/api/silences", silence("web", "node_down"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        JsonObject s = r.bodyAsJsonObject().getJsonObject("silence");
        assertThat(s.getString("status")).isEqualTo("ACTIVE");
        assertThat(s.getLong("endsAt") - s.getLong("startsAt")).isEqualTo(7_200_000L);
        assertThat(c.intake.silences).singleElement().satisfies(x -> {
            assertThat(x.getFamily()).isEqualTo("web");
            assertThat(x.getAlarmType()).isEqualTo("node_down");
            assertThat(x.getNode()).isNull();
            assertThat(x.getCreatedBy()).isEqualTo("ana");
        });
        assertThat(c.intake.changes).singleElement().satisfies(ch -> {
            assertThat(ch.getKind()).isEqualTo(ChangeKind.SILENCE_ADDED);
            assertThat(ch.getWho()).isEqualTo("ana");
            assertThat(ch.getReason()).isEqualTo("deploying web");
            assertThat(ch.getSubject()).isEqualTo(s.getString("id"));
            assertThat(ch.getSilence().getId()).isEqualTo(s.getString("id"));
        });
        JsonArray listed =
                c.send(c.get("/api/silences?status=active")).bodyAsJsonObject().getJsonArray("silences");
        assertThat(listed).hasSize(1);
        assertThat(c.send(c.get("/api/silences?status=expired"))
                        .bodyAsJsonObject()
                        .getJsonArray("silences"))
                .isEmpty();
        JsonArray changes = c.send(c.get("/api/changes")).bodyAsJsonObject().getJsonArray("changes");
        assertThat(changes.getJsonObject(0).getString("kind")).isEqualTo("SILENCE_ADDED");
        assertThat(changes.getJsonObject(0).getString("via")).isEqualTo("console");
    }

    @Test
    void anEndBeforeTheStartNoMatcherAndAnUnknownTypeAreRefusedWithTheReason(Vertx vertx) {
        start(vertx, true);
        HttpResponse<Buffer> backwards = post(
                "/api/silences",
                new JsonObject()
                        .put("node", "web-1@sim")
                        .put("startsAt", "2030-01-01T10:00:00Z")
                        .put("endsAt", "2030-01-01T09:00:00Z")
                        .put("comment", "oops"));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.bodyAsJsonObject().getString("error")).contains("is not after its start");
        HttpResponse<Buffer> none = post("/api/silences", silence(null, null));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.bodyAsJsonObject().getString("error")).contains("no matcher");
        HttpResponse<Buffer> unknown = post("/api/silences", silence("web", "disk_full"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.bodyAsJsonObject().getString("error")).contains("'disk_full' is unknown");
        HttpResponse<Buffer> noEnd = post("/api/silences", silence("web", null).put("duration", null));
        assertThat(noEnd.statusCode()).isEqualTo(400);
        assertThat(noEnd.bodyAsJsonObject().getString("error")).contains("either endsAt");
        assertThat(post("/api/silences", silence("web", null).put("duration", "soon"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(c.intake.silences).as("nothing published").isEmpty();
        assertThat(c.intake.changes).isEmpty();
    }

    @Test
    void expiringEndsItNowIsAuditedAndASecondExpiryIsAConflict(Vertx vertx) {
        start(vertx, true);
        String id = post("/api/silences", silence("web", null))
                .bodyAsJsonObject()
                .getJsonObject("silence")
                .getString("id");
        HttpResponse<Buffer> r = post(
                "/api/silences/" + id + "/expire",
                new JsonObject().put("reason", "done early").put("user", "bo"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getJsonObject("silence").getString("status"))
                .isEqualTo("EXPIRED");
        Silence expired = c.intake.silences.get(1);
        assertThat(expired.getExpiredAt()).isNotNull();
        assertThat(expired.getExpiredBy()).isEqualTo("bo");
        OperatorChange audit = c.intake.changes.get(1);
        assertThat(audit.getKind()).isEqualTo(ChangeKind.SILENCE_EXPIRED);
        assertThat(audit.getReason()).isEqualTo("done early");
        assertThat(post("/api/silences/" + id + "/expire", new JsonObject()).statusCode())
                .isEqualTo(409);
        assertThat(post("/api/silences/nope/expire", new JsonObject()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void withoutTheOperatorTokenChangesAreRefusedAndTheListSaysWhy(Vertx vertx) {
        start(vertx, false);
        HttpResponse<Buffer> r = post("/api/silences", silence("web", null));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("no operator token");
        assertThat(post("/api/families/web/autoscaling/pause", new JsonObject().put("reason", "x"))
                        .statusCode())
                .isEqualTo(403);
        JsonObject list = c.send(c.get("/api/silences")).bodyAsJsonObject();
        assertThat(list.getBoolean("changesEnabled")).isFalse();
        assertThat(list.getString("disabledReason")).contains("--operator-token-file");
        assertThat(c.intake.silences).isEmpty();
    }

    @Test
    void pauseAndResumeGoToTheDeployersFamilyPolicyAndTheModeIsListed(Vertx vertx) {
        deployer = await(vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(b -> {
                    received.add(req.method() + " " + req.path() + " " + b);
                    JsonObject body = b.toJsonObject();
                    req.response()
                            .setStatusCode(202)
                            .putHeader("Content-Type", "application/json")
                            .end(new JsonObject()
                                    .put("family", "web")
                                    .put("mode", body.getString("mode"))
                                    .encode());
                }))
                .listen(0, "127.0.0.1"));
        c = new ConsoleTestSupport(
                vertx,
                ConsoleTestSupport.config()
                        .withOperatorToken("op-token")
                        .withDeployerUrl(URI.create("http://127.0.0.1:" + deployer.actualPort())));
        HttpResponse<Buffer> r = post(
                "/api/families/web/autoscaling/pause",
                new JsonObject().put("reason", "load test").put("user", "ana"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(r.bodyAsJsonObject().getString("mode")).isEqualTo("PAUSED");
        assertThat(received)
                .singleElement()
                .satisfies(x -> assertThat(x)
                        .startsWith("PUT /api/families/web/policy ")
                        .contains("\"mode\":\"PAUSED\"")
                        .contains("\"reason\":\"load test\"")
                        .contains("\"user\":\"ana\""));
        assertThat(post("/api/families/web/autoscaling/pause", new JsonObject()).statusCode())
                .as("a reason is required")
                .isEqualTo(400);
        assertThat(post("/api/families/web/autoscaling/resume", new JsonObject().put("reason", "done"))
                        .statusCode())
                .isEqualTo(202);
        assertThat(received.get(1)).contains("\"mode\":\"AUTO\"");

        c.intake.feedAndWait(s -> s.familyPolicy(FamilyPolicy.newBuilder()
                .setFamily("web")
                .setMode(PolicyMode.PAUSED)
                .setTimestamp(Instant.now())
                .setUser("ana")
                .setReason("load test")
                .build()));
        JsonArray families =
                c.send(c.get("/api/autoscaling")).bodyAsJsonObject().getJsonArray("families");
        assertThat(families.getJsonObject(0).getString("family")).isEqualTo("web");
        assertThat(families.getJsonObject(0).getString("mode")).isEqualTo("PAUSED");
        assertThat(families.getJsonObject(0).getString("reason")).isEqualTo("load test");
    }
}
