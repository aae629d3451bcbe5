package io.numbat.console.api;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.next;
import static io.numbat.console.Fixtures.remediation;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RemediationApiTest {
    private static final long T = 1_767_225_600_000L;
    private ConsoleTestSupport c;

    private final Remediation proposed =
            remediation("web-1@sim", "web", RemediationState.PROPOSED, RemediationMode.APPROVE, T, "waiting");
    private final Remediation done = next(
            remediation("web-2@sim", "web", RemediationState.PROPOSED, RemediationMode.AUTO, T - 60_000, "opened"),
            RemediationState.DONE,
            T + 120_000,
            "web-2@sim STOPPED after web-9@sim RUNNING");
    private final Remediation expired = next(
            remediation("db-1@sim", "db", RemediationState.PROPOSED, RemediationMode.APPROVE, T - 120_000, "waiting"),
            RemediationState.EXPIRED,
            T + 60_000,
            "not approved within 600 s");
    private final Remediation notify =
            remediation("db-2@sim", "db", RemediationState.PROPOSED, RemediationMode.NOTIFY, T - 30_000, "notify");

    private void start(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        c.intake.feedAndWait(s -> {
            s.metrics(batch("web-1@sim", "web", System.currentTimeMillis(), 0.5, 2_000));
            s.remediation(done);
            s.remediation(expired);
            s.remediation(notify);
            s.remediation(proposed);
        });
    }

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    private static String path(Remediation r) {
        return "/api/remediations/" + URLEncoder.encode(r.getId(), StandardCharsets.UTF_8);
    }

    private HttpResponse<Buffer> post(String path, String body) {
        return c.send(c.post(path).putHeader("Content-Type", "application/json"), body);
    }

    private JsonArray list(String query) {
        HttpResponse<Buffer> r = c.send(c.get("/api/remediations" + query));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("remediations");
    }

    private static String ids(JsonArray a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            b.append(i == 0 ? "" : " ").append(a.getJsonObject(i).getString("node"));
        }
        return b.toString();
    }

    @Test
    void listsTheLatestStatePerRemediationNewestFirstWithItsForecastAndVerdictButtons(Vertx vertx) {
        start(vertx);
        JsonArray all = list("");
        assertThat(ids(all)).isEqualTo("web-1@sim db-2@sim web-2@sim db-1@sim");
        JsonObject p = all.getJsonObject(0);
        assertThat(p.getString("id")).isEqualTo("web-1@sim/predicted_exhaustion/process_count@" + T);
        assertThat(p.getString("state")).isEqualTo("PROPOSED");
        assertThat(p.getString("playbook")).isEqualTo("REPLACE");
        assertThat(p.getString("cause")).isEqualTo("process_count");
        assertThat(p.getLong("exhaustionAt")).isEqualTo(T + 600_000);
        assertThat(p.getDouble("secondsToExhaustion")).isEqualTo(600.0);
        assertThat(p.getString("evidence")).contains("200,000 of 262,144");
        assertThat(p.getBoolean("canApprove")).isTrue();
        assertThat(p.getBoolean("canReject")).isTrue();
        JsonObject n = all.getJsonObject(1);
        assertThat(n.getBoolean("canApprove")).as("a notification").isFalse();
        assertThat(n.getBoolean("canReject")).isTrue();
        JsonObject d = all.getJsonObject(2);
        assertThat(d.getString("state")).isEqualTo("DONE");
        assertThat(d.getString("reason")).isEqualTo("web-2@sim STOPPED after web-9@sim RUNNING");
        assertThat(d.getBoolean("canApprove")).isFalse();
        assertThat(d.getBoolean("canReject")).isFalse();

        c.intake.feedAndWait(s -> s.remediation(next(proposed, RemediationState.APPROVED, T + 1_000, "approved")));
        assertThat(list("").getJsonObject(0).getString("state")).isEqualTo("APPROVED");
        assertThat(list("")).hasSize(4);
    }

    @Test
    void filtersByFamilyNodeAndStateAndRefusesUnknownOnes(Vertx vertx) {
        start(vertx);
        assertThat(ids(list("?family=db"))).isEqualTo("db-2@sim db-1@sim");
        assertThat(ids(list("?node=web-2@sim"))).isEqualTo("web-2@sim");
        assertThat(ids(list("?state=proposed"))).isEqualTo("web-1@sim db-2@sim");
        assertThat(ids(list("?state=DONE,expired&family=db"))).isEqualTo("db-1@sim");
        assertThat(ids(list("?limit=1"))).isEqualTo("web-1@sim");
        assertThat(c.send(c.get("/api/remediations?limit=1")).bodyAsJsonObject().getInteger("total"))
                .isEqualTo(4);
        // the node page of a replacement shows the remediation that started it
        c.intake.feedAndWait(s -> s.remediation(
                Remediation.newBuilder(done).setReplacementNode("web-9@sim").build()));
        assertThat(ids(list("?node=web-9@sim"))).isEqualTo("web-2@sim");

        assertRefused(c.send(c.get("/api/remediations?state=nope")), 400, "state must be one or more of");
        assertRefused(c.send(c.get("/api/remediations?family=nope")), 404, "no family 'nope'");
        assertRefused(c.send(c.get("/api/remediations?node=nope@sim")), 404, "no node 'nope@sim'");
        assertThat(ids(list("?node=web-1@sim&state=done"))).isEmpty();
    }

    @Test
    void approvingAProposedRemediationPublishesTheCommandKeyedByFamilyAndIs202(Vertx vertx) {
        start(vertx);
        HttpResponse<Buffer> r =
                post(path(proposed) + "/approve", "{\"reason\": \"leak confirmed\", \"user\": \"ann\"}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(c.intake.verdicts).hasSize(1);
        RemediationCommand sent = c.intake.verdicts.get(0);
        assertThat(sent.getRemediationId()).isEqualTo(proposed.getId());
        assertThat(sent.getFamily()).isEqualTo("web");
        assertThat(sent.getVerdict()).isEqualTo(RemediationVerdict.APPROVE);
        assertThat(sent.getWho()).isEqualTo("ann");
        assertThat(sent.getReason()).isEqualTo("leak confirmed");
        assertThat(sent.getTimestamp().toEpochMilli()).isPositive();
        JsonObject j = r.bodyAsJsonObject();
        assertThat(j.getJsonObject("command").getString("verdict")).isEqualTo("APPROVE");
        assertThat(j.getJsonObject("command").getString("remediationId")).isEqualTo(proposed.getId());
        assertThat(j.getJsonObject("remediation").getString("state")).isEqualTo("PROPOSED");
        assertThat(j.getString("message")).contains("sent on " + Topics.REMEDIATION_COMMANDS.name());
    }

    @Test
    void anIdWithSlashesWorksEscapedOrNotAndAnApprovalNeedsNoReason(Vertx vertx) {
        start(vertx);
        HttpResponse<Buffer> r = post("/api/remediations/" + proposed.getId() + "/approve", "");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(c.intake.verdicts.get(0).getReason()).isNull();
        assertThat(c.intake.verdicts.get(0).getWho()).isEqualTo("operator");
        HttpResponse<Buffer> one = c.send(c.get(path(proposed)));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.bodyAsJsonObject().getString("node")).isEqualTo("web-1@sim");
    }

    @Test
    void rejectingNeedsAReasonAndPublishesAReject(Vertx vertx) {
        start(vertx);
        assertRefused(post(path(proposed) + "/reject", "{\"user\": \"ann\"}"), 400, "reason is required to reject");
        assertRefused(post(path(proposed) + "/reject", "{\"reason\": 5}"), 400, "reason must be a string");
        assertRefused(post(path(proposed) + "/reject", "{not json"), 400, "body is not JSON");
        assertThat(c.intake.verdicts).isEmpty();
        HttpResponse<Buffer> r = post(path(notify) + "/reject", "{\"reason\": \"known batch job\", \"user\": \"bo\"}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        RemediationCommand sent = c.intake.verdicts.get(0);
        assertThat(sent.getVerdict()).isEqualTo(RemediationVerdict.REJECT);
        assertThat(sent.getFamily()).isEqualTo("db");
        assertThat(sent.getWho()).isEqualTo("bo");
        assertThat(sent.getReason()).isEqualTo("known batch job");
    }

    @Test
    void anUnknownIdIs404AndOneNotWaitingForAVerdictIs409NamingItsState(Vertx vertx) {
        start(vertx);
        assertRefused(post("/api/remediations/nope/approve", "{}"), 404, "no remediation 'nope'");
        assertRefused(c.send(c.get("/api/remediations/nope")), 404, "no remediation 'nope'");
        assertRefused(
                post(path(expired) + "/approve", "{}"),
                409,
                "remediation " + expired.getId() + " is EXPIRED, not waiting for a verdict: not approved within 600 s");
        assertRefused(post(path(done) + "/reject", "{\"reason\": \"x\"}"), 409, "is DONE, not waiting for a verdict");
        assertRefused(post(path(notify) + "/approve", "{}"), 409, "mode NOTIFY");
        c.intake.feedAndWait(
                s -> s.remediation(next(proposed, RemediationState.REJECTED, T + 5_000, "rejected by bo")));
        assertRefused(post(path(proposed) + "/approve", "{}"), 409, "is REJECTED, not waiting for a verdict");
        assertThat(c.intake.verdicts).isEmpty();
    }

    @Test
    void aTombstoneForgetsTheRemediation(Vertx vertx) {
        start(vertx);
        c.intake.feedAndWait(s -> s.removed(Topics.REMEDIATIONS.name(), proposed.getId()));
        assertRefused(post(path(proposed) + "/approve", "{}"), 404, "no remediation");
        assertThat(list("")).hasSize(3);
    }

    @Test
    void aBrokerThatCannotTakeTheVerdictIs503(Vertx vertx) {
        start(vertx);
        c.intake.failCommands(true);
        assertRefused(
                post(path(proposed) + "/approve", "{}"),
                503,
                "could not publish the APPROVE on numbat.remediation-commands: broker unreachable");
    }

    @Test
    void theConsolesAccessTokenGuardsVerdictsLikeAcknowledgements(Vertx vertx) {
        c = new ConsoleTestSupport(vertx, ConsoleTestSupport.config().withToken("console-secret"));
        c.intake.feedAndWait(s -> s.remediation(proposed));
        assertThat(post(path(proposed) + "/approve", "{}").statusCode()).isEqualTo(401);
        assertThat(c.send(c.post(path(proposed) + "/approve").putHeader("Authorization", "Bearer wrong"), "{}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(c.intake.verdicts).isEmpty();
        HttpResponse<Buffer> r =
                c.send(c.post(path(proposed) + "/approve").putHeader("Authorization", "Bearer console-secret"), "{}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(c.intake.verdicts).hasSize(1);
    }

    private static void assertRefused(HttpResponse<Buffer> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.bodyAsJsonObject().getString("error")).contains(reason);
    }
}
