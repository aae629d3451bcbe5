package io.numbat.console.deploy;

import static io.numbat.console.ConsoleTestSupport.await;
import static io.numbat.console.Fixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.console.ConsoleConfig;
import io.numbat.console.ConsoleTestSupport;
import io.numbat.schemas.DeploymentState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /api/families/{f}/scale} goes to the deployer's REST API (here a stand-in HTTP server
 * that records what it got and answers like the deployer) and its answer comes back as it is.
 */
@ExtendWith(VertxExtension.class)
class ScaleProxyTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer deployer;
    private ConsoleTestSupport c;

    @BeforeEach
    void startDeployer(Vertx vertx) {
        deployer = await(vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(b -> {
                    received.add(req.method() + " " + req.path() + " " + b);
                    if (req.path().equals("/api/families/nope/scale")) {
                        req.response()
                                .setStatusCode(404)
                                .putHeader("Content-Type", "application/json")
                                .end("{\"error\":\"unknown family 'nope'; known: [db, web]\"}");
                    } else {
                        req.response()
                                .setStatusCode(202)
                                .putHeader("Content-Type", "application/json")
                                .end(new JsonObject()
                                        .put("decision", "operator-1")
                                        .put("family", "web")
                                        .put("action", "SCALE_OUT")
                                        .put("count", 2)
                                        .put("currentNodes", 3)
                                        .encode());
                    }
                }))
                .listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        if (c != null) {
            c.close();
        }
        await(deployer.close());
    }

    private ConsoleConfig config() {
        return ConsoleTestSupport.config().withDeployerUrl(URI.create("http://127.0.0.1:" + deployer.actualPort()));
    }

    private HttpResponse<Buffer> scale(String family, String body) {
        return c.send(c.post("/api/families/" + family + "/scale").putHeader("Content-Type", "application/json"), body);
    }

    @Test
    void scaleRequestGoesToTheDeployerAndItsAnswerComesBack(Vertx vertx) {
        c = new ConsoleTestSupport(vertx, config());
        HttpResponse<Buffer> r = scale("web", "{\"nodes\": 5}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(r.bodyAsJsonObject().getString("decision")).isEqualTo("operator-1");
        assertThat(received).containsExactly("POST /api/families/web/scale {\"nodes\":5}");

        r = scale("nope", "{\"nodes\": 1}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("unknown family 'nope'");
    }

    @Test
    void malformedBodyIs400WithTheReasonAndNeverReachesTheDeployer(Vertx vertx) {
        c = new ConsoleTestSupport(vertx, config());
        for (String body :
                List.of("not json", "[1]", "{}", "{\"nodes\": \"5\"}", "{\"nodes\": 2.5}", "{\"nodes\": -1}")) {
            HttpResponse<Buffer> r = scale("web", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("error")).as(body).isNotBlank();
        }
        assertThat(received).isEmpty();
    }

    @Test
    void withATokenScalingNeedsIt(Vertx vertx) {
        c = new ConsoleTestSupport(vertx, config().withToken("s3cret"));
        assertThat(scale("web", "{\"nodes\": 5}").statusCode()).isEqualTo(401);
        HttpResponse<Buffer> r = c.send(
                c.post("/api/families/web/scale")
                        .putHeader("Authorization", "Bearer s3cret")
                        .putHeader("Content-Type", "application/json"),
                "{\"nodes\": 5}");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(received).hasSize(1);
    }

    @Test
    void withoutADeployerScalingIs503AndAnUnreachableOneIs502(Vertx vertx) {
        c = new ConsoleTestSupport(vertx, ConsoleTestSupport.config());
        HttpResponse<Buffer> r = scale("web", "{\"nodes\": 5}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("--deployer");
        c.close();
        int port = deployer.actualPort();
        await(deployer.close());
        c = new ConsoleTestSupport(
                vertx, ConsoleTestSupport.config().withDeployerUrl(URI.create("http://127.0.0.1:" + port)));
        deployer = await(vertx.createHttpServer()
                .requestHandler(req -> req.response().end())
                .listen(0, "127.0.0.1"));
        r = scale("web", "{\"nodes\": 5}");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("did not answer");
    }

    @Test
    void theDeployersUrlMustBeHttpWithAHost() {
        for (String bad : List.of("https://127.0.0.1:8081", "localhost:8081", "http:///api")) {
            assertThatThrownBy(() -> ConsoleTestSupport.config().withDeployerUrl(URI.create(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("http://HOST:PORT");
        }
    }

    @Test
    void deploymentsListRequestsWithTheirNodesStates(Vertx vertx) {
        c = new ConsoleTestSupport(vertx, config());
        long t = System.currentTimeMillis();
        c.intake.feedAndWait(s -> {
            s.deployment(deployment("web-7@sim", "web", DeploymentState.REQUESTED, t));
            s.deployment(deployment("web-8@sim", "web", DeploymentState.REQUESTED, t));
            s.deployment(deployment("web-7@sim", "web", DeploymentState.RUNNING, t + 1_000));
        });
        JsonObject d = c.send(c.get("/api/deployments")).bodyAsJsonObject();
        assertThat(d.getInteger("total")).isEqualTo(1);
        JsonObject req = d.getJsonArray("requests").getJsonObject(0);
        assertThat(req.getString("request")).isEqualTo("d-1");
        assertThat(req.getString("family")).isEqualTo("web");
        assertThat(req.getBoolean("inProgress")).isTrue();
        assertThat(req.getJsonObject("byState").getMap())
                .containsEntry("REQUESTED", 1)
                .containsEntry("RUNNING", 1);
        assertThat(req.getJsonArray("nodes").getJsonObject(0).getString("node")).isEqualTo("web-7@sim");
    }
}
