package io.numbat.console.api;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleConfig;
import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.manage.ActionSignature;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ActionApiTest {
    private static final String NODE = "web-1@sim";
    private static final String ACTIONS = "/api/nodes/" + NODE + "/actions";
    private static final String OPERATOR_TOKEN = "op-secret";
    private ConsoleTestSupport c;

    private void start(Vertx vertx, ConsoleConfig config) {
        c = new ConsoleTestSupport(vertx, config.withCommandTimeout(Duration.ofMillis(1_500)));
        c.intake.feedAndWait(s -> s.metrics(batch(NODE, "web", System.currentTimeMillis(), 0.5, 2_000)));
    }

    private void startWithOperatorToken(Vertx vertx) {
        start(vertx, ConsoleTestSupport.config().withOperatorToken(OPERATOR_TOKEN));
    }

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    private HttpResponse<Buffer> post(String body) {
        return c.send(c.post(ACTIONS).putHeader("Content-Type", "application/json"), body);
    }

    @Test
    void killIsSignedPublishedAndAnsweredWithTheAgentsResultThenInTheAuditTrail(Vertx vertx) {
        startWithOperatorToken(vertx);
        c.intake.actor = a -> List.of(
                result(a, ActionStatus.EXECUTING, "killing <0.4711.0>"),
                result(a, ActionStatus.DONE, "killed <0.4711.0> on web-1@sim"));
        HttpResponse<Buffer> r = post(
                "{\"action\": \"kill\", \"pid\": \"<0.4711.0>\", \"reason\": \"runaway report\", \"user\": \"ann\"}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject j = r.bodyAsJsonObject();
        assertThat(j.getJsonObject("result").getString("status")).isEqualTo("DONE");
        assertThat(j.getJsonObject("result").getString("agent")).isEqualTo("fleet@test");
        assertThat(j.getJsonObject("request").getString("who")).isEqualTo("ann");

        OperatorAction sent = c.intake.actions.get(0);
        assertThat(sent.getAction()).isEqualTo(ActionKind.KILL);
        assertThat(sent.getPid()).isEqualTo("<0.4711.0>");
        assertThat(sent.getReason()).isEqualTo("runaway report");
        assertThat(sent.getNode()).isEqualTo(NODE);
        assertThat(sent.getDryRun()).isFalse();
        assertThat(ActionSignature.verify(sent, OPERATOR_TOKEN.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(ActionSignature.verify(sent, "another".getBytes(StandardCharsets.UTF_8)))
                .isFalse();

        JsonObject trail = c.send(c.get(ACTIONS)).bodyAsJsonObject();
        assertThat(trail.getBoolean("actionsEnabled")).isTrue();
        JsonObject entry = trail.getJsonArray("actions").getJsonObject(0);
        assertThat(entry.getString("requestId")).isEqualTo(sent.getRequestId());
        assertThat(entry.getString("action")).isEqualTo("kill");
        assertThat(entry.getString("who")).isEqualTo("ann");
        assertThat(entry.getString("status")).isEqualTo("DONE");
        assertThat(entry.getString("agent")).isEqualTo("fleet@test");
        assertThat(entry.getJsonArray("results")).hasSize(2);
    }

    @Test
    void aDryRunIsAnsweredWouldDo(Vertx vertx) {
        startWithOperatorToken(vertx);
        c.intake.actor = a -> List.of(result(a, ActionStatus.WOULD_DO, "would garbage-collect every process"));
        HttpResponse<Buffer> r = post("{\"action\": \"gc\", \"reason\": \"memory\", \"dryRun\": true}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getJsonObject("result").getString("status"))
                .isEqualTo("WOULD_DO");
        assertThat(c.intake.actions.get(0).getDryRun()).isTrue();
        assertThat(c.intake.actions.get(0).getPid()).isNull();
        assertThat(c.intake.actions.get(0).getWho()).isEqualTo("operator");
    }

    @Test
    void noAgentAnswerIs202SayingSo(Vertx vertx) {
        startWithOperatorToken(vertx);
        HttpResponse<Buffer> r = post("{\"action\": \"gc\", \"reason\": \"memory\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.bodyAsJsonObject().getString("message"))
                .startsWith("no agent answered the action for node web-1@sim within 1500 ms");
        JsonObject entry = c.send(c.get(ACTIONS))
                .bodyAsJsonObject()
                .getJsonArray("actions")
                .getJsonObject(0);
        assertThat(entry.getString("status")).isEqualTo("SENT");
    }

    @Test
    void badInputIs4xxWithTheReasonAndNothingIsPublished(Vertx vertx) {
        startWithOperatorToken(vertx);
        assertRefused(post("{\"action\": \"kill\", \"pid\": \"<0.1.0>\"}"), 400, "reason is required");
        assertRefused(
                post("{\"action\": \"kill\", \"pid\": \"<0.1.0>\", \"reason\": \"  \"}"), 400, "reason is required");
        assertRefused(post("{\"action\": \"kill\", \"reason\": \"x\"}"), 400, "kill needs a pid");
        assertRefused(
                post("{\"action\": \"kill\", \"pid\": \"self()\", \"reason\": \"x\"}"), 400, "'self()' is not a pid");
        assertRefused(post("{\"action\": \"halt\", \"reason\": \"x\"}"), 400, "action must be \"gc\" or \"kill\"");
        assertRefused(post("{\"action\": \"gc\", \"reason\": \"x\", \"dryRun\": \"yes\"}"), 400, "dryRun must be");
        assertRefused(post("{not json"), 400, "body is not JSON");
        HttpResponse<Buffer> r = c.send(
                c.post("/api/nodes/nobody@nowhere/actions").putHeader("Content-Type", "application/json"),
                "{\"action\": \"gc\", \"reason\": \"x\"}");
        assertRefused(r, 404, "no node 'nobody@nowhere'");
        assertThat(c.intake.actions).isEmpty();
    }

    @Test
    void aBrokerThatCannotTakeTheActionIs503(Vertx vertx) throws Exception {
        startWithOperatorToken(vertx);
        c.intake.failCommands(true);
        assertRefused(
                post("{\"action\": \"gc\", \"reason\": \"x\"}"), 503, "could not publish the action on numbat.actions");
        Thread.sleep(2_000); // past the command timeout: the wait that was given up answers nothing more
        assertThat(c.send(c.get("/api/fleet")).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAnOperatorTokenActionsAre403AndTheTrailSaysWhy(Vertx vertx) {
        start(vertx, ConsoleTestSupport.config());
        assertRefused(post("{\"action\": \"gc\", \"reason\": \"x\"}"), 403, "actions are disabled");
        JsonObject trail = c.send(c.get(ACTIONS)).bodyAsJsonObject();
        assertThat(trail.getBoolean("actionsEnabled")).isFalse();
        assertThat(trail.getString("disabledReason")).contains("--operator-token-file");
        assertThat(c.intake.actions).isEmpty();
    }

    @Test
    void theConsolesAccessTokenGuardsActionsLikeAcknowledgements(Vertx vertx) {
        start(vertx, ConsoleTestSupport.config().withToken("console-secret").withOperatorToken(OPERATOR_TOKEN));
        c.intake.actor = a -> List.of(result(a, ActionStatus.DONE, "done"));
        assertThat(post("{\"action\": \"gc\", \"reason\": \"x\"}").statusCode()).isEqualTo(401);
        HttpResponse<Buffer> r = c.send(
                c.post(ACTIONS).putHeader("Authorization", "Bearer wrong"), "{\"action\": \"gc\", \"reason\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(c.intake.actions).isEmpty();
        r = c.send(
                c.post(ACTIONS).putHeader("Authorization", "Bearer console-secret"),
                "{\"action\": \"gc\", \"reason\": \"x\"}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<Buffer> r, int status, String reason) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.bodyAsJsonObject().getString("error")).contains(reason);
    }
}
