package io.numbat.console.api;

import static io.numbat.console.Fixtures.batch;
import static io.numbat.console.Fixtures.processInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleConfig;
import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.NodeQuery;
import io.numbat.schemas.NodeQueryKind;
import io.numbat.schemas.NodeQueryResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ProcessInspectTest {
    private static final String NODE = "web-1@sim";
    private ConsoleTestSupport c;

    @BeforeEach
    void start(Vertx vertx) {
        ConsoleConfig config = ConsoleTestSupport.config().withCommandTimeout(Duration.ofMillis(1_500));
        c = new ConsoleTestSupport(vertx, config);
        c.intake.feedAndWait(s -> s.metrics(batch(NODE, "web", System.currentTimeMillis(), 0.5, 2_000)));
    }

    @AfterEach
    void stop() {
        c.close();
    }

    @Test
    void asksTheAgentOverKafkaAndShowsItsAnswerAndWhoGaveIt() {
        c.intake.agent = q -> processInfo(q.getRequestId(), q.getNode(), q.getPid());
        HttpResponse<Buffer> r = c.send(c.get("/api/nodes/" + NODE + "/processes/%3C0.4712.0%3E?user=ann"));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject j = r.bodyAsJsonObject();
        assertThat(j.getString("agent")).isEqualTo("fleet@test");
        assertThat(j.getJsonObject("process").getString("pid")).isEqualTo("<0.4712.0>");
        assertThat(j.getJsonObject("process").getLong("messageQueueLength")).isEqualTo(8_000);
        assertThat(j.getJsonObject("process").getJsonArray("currentStacktrace")).hasSize(1);
        NodeQuery q = c.intake.queries.get(0);
        assertThat(q.getKind()).isEqualTo(NodeQueryKind.PROCESS_INFO);
        assertThat(q.getNode()).isEqualTo(NODE);
        assertThat(q.getPid()).isEqualTo("<0.4712.0>");
        assertThat(q.getWho()).isEqualTo("ann");
        assertThat(q.getDeadline()).isAfter(q.getTimestamp());

        r = c.send(c.get("/api/nodes/" + NODE + "/processes/0.4712.0")); // brackets may be left out
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void anAgentsErrorIs422WithItsReasonAndName() {
        c.intake.agent = q -> NodeQueryResult.newBuilder()
                .setRequestId(q.getRequestId())
                .setNode(q.getNode())
                .setAgent("fleet@test")
                .setOk(false)
                .setError("no process <0.9.0> on web-1@sim (it may have ended)")
                .setTimestamp(Instant.now())
                .build();
        HttpResponse<Buffer> r = c.send(c.get("/api/nodes/" + NODE + "/processes/0.9.0"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.bodyAsJsonObject().getString("error"))
                .isEqualTo("no process <0.9.0> on web-1@sim (it may have ended) (answered by fleet@test)");
        assertThat(r.bodyAsJsonObject().getString("agent")).isEqualTo("fleet@test");
    }

    @Test
    void noAnswerIs504SayingSo() {
        HttpResponse<Buffer> r = c.send(c.get("/api/nodes/" + NODE + "/processes/0.4712.0"));
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.bodyAsJsonObject().getString("error"))
                .startsWith("no agent answered the query for node web-1@sim within 1500 ms: no running agent watches");
        assertThat(c.intake.queries).hasSize(1);
    }

    @Test
    void badPidAndUnknownNodeAreRefusedBeforeAnythingIsSent() {
        HttpResponse<Buffer> r = c.send(c.get("/api/nodes/" + NODE + "/processes/self()"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("error")).startsWith("'self()' is not a pid");
        r = c.send(c.get("/api/nodes/" + NODE + "/processes/%3C1.2.3%3E"));
        assertThat(r.statusCode()).isEqualTo(400);
        r = c.send(c.get("/api/nodes/nobody@nowhere/processes/0.1.0"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("no node 'nobody@nowhere'");
        assertThat(c.intake.queries).isEmpty();
    }
}
