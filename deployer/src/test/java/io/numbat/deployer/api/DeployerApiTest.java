package io.numbat.deployer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.PolicyMode;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeployerApiTest {
    private final List<ScalingDecision> submitted = new CopyOnWriteArrayList<>();
    private final List<FamilyPolicy> policies = new CopyOnWriteArrayList<>();
    private final DeployerState state = new DeployerState() {
        @Override
        public List<NodeView> nodes() {
            return List.of(
                    new NodeView("web-a-1", "web", "sim", "RUNNING", "d1"),
                    new NodeView("web-a-2", "web", "sim", "RUNNING", "d1"),
                    new NodeView("web-a-3", "web", "sim", "FAILED", "d1"),
                    new NodeView("web-a-4", "web", "sim", "STOPPED", "d3"),
                    new NodeView("db-b-1", "db", "sim", "STARTING", "d2"));
        }

        @Override
        public Map<String, FamilyBounds> families() {
            return Map.of("web", new FamilyBounds(1, 5), "db", new FamilyBounds(1, 3));
        }

        @Override
        public Map<String, ProviderView> providers() {
            return Map.of("sim", new ProviderView("simulated", 100));
        }

        @Override
        public Future<Void> submit(ScalingDecision decision) {
            submitted.add(decision);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> setPolicy(FamilyPolicy policy) {
            policies.add(policy);
            return Future.succeededFuture();
        }
    };
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        server = new DeployerApi(state)
                .server(vertx)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
        return client.get(server.actualPort(), "127.0.0.1", path)
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> post(String path, String body) throws Exception {
        return client.post(server.actualPort(), "127.0.0.1", path)
                .sendBuffer(Buffer.buffer(body))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void listsFamiliesWithNodesByState() throws Exception {
        JsonArray families = get("/api/families").bodyAsJsonArray();
        JsonObject web = families.stream()
                .map(JsonObject.class::cast)
                .filter(f -> f.getString("family").equals("web"))
                .findFirst()
                .orElseThrow();
        assertThat(web.getJsonObject("nodes").getInteger("RUNNING")).isEqualTo(2);
        assertThat(web.getBoolean("owned"))
                .as("a single deployer acts for every family")
                .isTrue();
        assertThat(web.getJsonObject("nodes").getInteger("FAILED")).isEqualTo(1);
        assertThat(web.getInteger("maxNodes")).isEqualTo(5);
    }

    @Test
    void listsProvidersAndNodes() throws Exception {
        assertThat(get("/api/providers").bodyAsJsonArray().getJsonObject(0).getLong("placed"))
                .isEqualTo(3);
        assertThat(get("/api/nodes?family=db").bodyAsJsonArray()).hasSize(1);
    }

    private HttpResponse<Buffer> delete(String path) throws Exception {
        return client.delete(server.actualPort(), "127.0.0.1", path)
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void stoppingANodeBecomesAnOperatorScaleInNamingIt() throws Exception {
        HttpResponse<Buffer> r = post("/api/nodes/web-a-2/stop", "");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(submitted).singleElement().satisfies(d -> {
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_IN);
            assertThat(d.getFamily()).isEqualTo("web");
            assertThat(d.getCount()).isEqualTo(1);
            assertThat(d.getNodes()).containsExactly("web-a-2");
            assertThat(d.getSource()).isEqualTo("operator");
        });
        assertThat(r.bodyAsJsonObject().getString("decision"))
                .isEqualTo(submitted.get(0).getId());
        assertThat(r.bodyAsJsonObject().getString("next")).isEqualTo("STOPPING");
        assertThat(delete("/api/nodes/web-a-1").statusCode())
                .as("DELETE does the same")
                .isEqualTo(202);
        assertThat(submitted).hasSize(2);
    }

    @Test
    void stoppingAnUnknownOrNotRunningNodeIsRefused() throws Exception {
        HttpResponse<Buffer> unknown = post("/api/nodes/web-zz/stop", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("unknown node 'web-zz'");
        HttpResponse<Buffer> stopped = delete("/api/nodes/web-a-4");
        assertThat(stopped.statusCode()).isEqualTo(409);
        assertThat(stopped.bodyAsJsonObject().getString("error")).isEqualTo("node web-a-4 is already STOPPED");
        HttpResponse<Buffer> starting = post("/api/nodes/db-b-1/stop", "");
        assertThat(starting.statusCode()).isEqualTo(409);
        assertThat(starting.bodyAsJsonObject().getString("error"))
                .contains("is STARTING; only a RUNNING node can be stopped");
        assertThat(submitted).isEmpty();
    }

    @Test
    void deployBecomesAnOperatorScaleOutDecision() throws Exception {
        HttpResponse<Buffer> r = post("/api/families/web/deploy", "{\"count\": 2}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(submitted).singleElement().satisfies(d -> {
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
            assertThat(d.getCount()).isEqualTo(2);
            assertThat(d.getSource()).isEqualTo("operator");
            assertThat(d.getId()).startsWith("operator-");
        });
        assertThat(r.bodyAsJsonObject().getString("decision"))
                .isEqualTo(submitted.get(0).getId());
    }

    @Test
    void scaleToATotalComputesTheDifference() throws Exception {
        assertThat(post("/api/families/web/scale", "{\"nodes\": 1}").statusCode())
                .isEqualTo(202);
        assertThat(submitted).singleElement().satisfies(d -> {
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_IN);
            assertThat(d.getCount()).isEqualTo(1);
        });
        HttpResponse<Buffer> same = post("/api/families/web/scale", "{\"nodes\": 2}");
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.bodyAsJsonObject().getBoolean("unchanged")).isTrue();
    }

    @Test
    void badRequestsSayWhy() throws Exception {
        HttpResponse<Buffer> unknown = post("/api/families/cache/deploy", "{\"count\": 1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getString("error")).contains("unknown family 'cache'");
        assertThat(post("/api/families/web/deploy", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/families/web/deploy", "{\"count\": 0}")
                        .bodyAsJsonObject()
                        .getString("error"))
                .contains("'count' must be an integer from 1 to web's maxNodes 5");
        assertThat(post("/api/families/web/deploy", "{\"count\": 4}")
                        .bodyAsJsonObject()
                        .getString("error"))
                .contains("web would have 6 nodes, more than its maxNodes 5");
        assertThat(submitted).isEmpty();
    }

    @Test
    void withATokenActionsNeedItAndReadsDoNotOnLoopback(Vertx vertx) throws Exception {
        HttpServer guarded = new DeployerApi(state, Optional.of("s3cret"), true)
                .server(vertx)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            int port = guarded.actualPort();
            assertThat(client.get(port, "127.0.0.1", "/api/families")
                            .send()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS)
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<Buffer> refused = client.post(port, "127.0.0.1", "/api/families/web/deploy")
                    .sendBuffer(Buffer.buffer("{\"count\": 1}"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.bodyAsJsonObject().getString("error")).contains("token");
            HttpResponse<Buffer> wrong = client.post(port, "127.0.0.1", "/api/families/web/deploy")
                    .putHeader("Authorization", "Bearer nope")
                    .sendBuffer(Buffer.buffer("{\"count\": 1}"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<Buffer> ok = client.post(port, "127.0.0.1", "/api/families/web/deploy")
                    .putHeader("Authorization", "Bearer s3cret")
                    .sendBuffer(Buffer.buffer("{\"count\": 1}"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(submitted).hasSize(1);
        } finally {
            guarded.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void metricsAreServedInThePrometheusFormatAndOffLoopbackNeedTheToken(Vertx vertx) throws Exception {
        assertThat(get("/metrics").statusCode()).as("not served unless given").isEqualTo(404);
        HttpServer guarded = new DeployerApi(state, Optional.of("s3cret"), false)
                .withMetrics(() -> "# TYPE numbat_deployer_decisions counter\nnumbat_deployer_decisions_total 3.0\n")
                .server(vertx)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            assertThat(client.get(guarded.actualPort(), "127.0.0.1", "/metrics")
                            .send()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS)
                            .statusCode())
                    .isEqualTo(401);
            HttpResponse<Buffer> metrics = client.get(guarded.actualPort(), "127.0.0.1", "/metrics")
                    .putHeader("Authorization", "Bearer s3cret")
                    .send()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.bodyAsString()).contains("numbat_deployer_decisions_total 3.0");
        } finally {
            guarded.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void offLoopbackEveryRequestNeedsTheToken(Vertx vertx) throws Exception {
        HttpServer guarded = new DeployerApi(state, Optional.of("s3cret"), false)
                .server(vertx)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            assertThat(client.get(guarded.actualPort(), "127.0.0.1", "/api/nodes")
                            .send()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(client.get(guarded.actualPort(), "127.0.0.1", "/api/nodes")
                            .putHeader("Authorization", "Bearer s3cret")
                            .send()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS)
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            guarded.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCountThatWouldOverflowTheFamilysSizeIsRefusedWithAReason() throws Exception {
        HttpResponse<Buffer> deploy = post("/api/families/db/deploy", "{\"count\": 2147483647}");
        assertThat(deploy.statusCode()).isEqualTo(400);
        assertThat(deploy.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(deploy.bodyAsJsonObject().getString("error"))
                .isEqualTo("'count' must be an integer from 1 to db's maxNodes 3, was 2147483647");
        assertThat(post("/api/families/db/deploy", "{\"count\": 3}")
                        .bodyAsJsonObject()
                        .getString("error"))
                .as("1 active + 3 > 3")
                .isEqualTo("db would have 4 nodes, more than its maxNodes 3");
        assertThat(post("/api/families/db/scale", "{\"nodes\": 2147483647}").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/families/db/deploy", "{\"count\": 9223372036854775807}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/api/families/db/deploy", "{\"count\": -2147483648}").statusCode())
                .isEqualTo(400);
        assertThat(submitted).isEmpty();
    }

    @Test
    void aMultipartRequestLeavesNoUploadedFile() throws Exception {
        Path uploads = Path.of("file-uploads");
        long before = files(uploads);
        MultipartForm form = MultipartForm.create()
                .attribute("count", "1")
                .binaryFileUpload("file", "big.bin", Buffer.buffer(new byte[40 * 1024]), "application/octet-stream");

        HttpResponse<Buffer> r = client.post(server.actualPort(), "127.0.0.1", "/api/families/web/deploy")
                .sendMultipartForm(form)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.bodyAsJsonObject().getString("error"))
                .isEqualTo("body must be a JSON object, not multipart/form-data");
        if (before < 0) {
            assertThat(uploads)
                    .as("no upload directory in the working directory")
                    .doesNotExist();
        } else {
            assertThat(files(uploads))
                    .as("no file left in " + uploads.toAbsolutePath())
                    .isEqualTo(before);
        }
    }

    /** Files under {@code dir}, or -1 when it does not exist. */
    private static long files(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return -1;
        }
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithJson() throws Exception {
        HttpResponse<Buffer> r =
                post("/api/families/web/deploy", "{\"count\": 1, \"pad\": \"" + "x".repeat(70 * 1024) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.bodyAsJsonObject().getString("error")).contains("larger than 65536 bytes");
    }

    @Test
    void unknownPathsAndMethodsAnswerJson() throws Exception {
        HttpResponse<Buffer> r = get("/api/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("no such resource: GET /api/nope");
        HttpResponse<Buffer> put = client.put(server.actualPort(), "127.0.0.1", "/api/families")
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(put.bodyAsJsonObject().getString("error")).contains("PUT /api/families");
    }

    private HttpResponse<Buffer> putPolicy(String family, String body) throws Exception {
        return client.put(server.actualPort(), "127.0.0.1", "/api/families/" + family + "/policy")
                .sendBuffer(Buffer.buffer(body))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void anOperatorPausesPinsAndResumesAFamilysPolicy() throws Exception {
        HttpResponse<Buffer> paused =
                putPolicy("web", "{\"mode\": \"paused\", \"reason\": \"maintenance\", \"user\": \"alice\"}");
        assertThat(paused.statusCode()).as(paused.bodyAsString()).isEqualTo(202);
        assertThat(paused.bodyAsJsonObject().getString("mode")).isEqualTo("PAUSED");
        HttpResponse<Buffer> pinned = putPolicy("web", "{\"mode\": \"PINNED\", \"nodes\": 4}");
        assertThat(pinned.statusCode()).isEqualTo(202);
        assertThat(pinned.bodyAsJsonObject().getInteger("nodes")).isEqualTo(4);
        assertThat(putPolicy("web", "{\"mode\": \"AUTO\"}").statusCode()).isEqualTo(202);

        assertThat(policies)
                .extracting(FamilyPolicy::getMode)
                .containsExactly(PolicyMode.PAUSED, PolicyMode.PINNED, PolicyMode.AUTO);
        assertThat(policies.get(0).getUser()).isEqualTo("alice");
        assertThat(policies.get(0).getReason()).isEqualTo("maintenance");
        assertThat(policies.get(1).getPinnedNodes()).isEqualTo(4);
        assertThat(policies).allSatisfy(p -> assertThat(p.getFamily()).isEqualTo("web"));
    }

    @Test
    void aPolicyOutsideTheFamilysBoundsOrWithoutAModeIsRefusedWithAReason() throws Exception {
        HttpResponse<Buffer> tooBig = putPolicy("web", "{\"mode\": \"PINNED\", \"nodes\": 2147483647}");
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.bodyAsJsonObject().getString("error")).contains("maxNodes 5");
        assertThat(putPolicy("web", "{\"mode\": \"PINNED\"}").statusCode()).isEqualTo(400);
        assertThat(putPolicy("web", "{\"mode\": \"PINNED\", \"nodes\": 0}").statusCode())
                .isEqualTo(400);
        assertThat(putPolicy("web", "{\"mode\": \"PAUSED\", \"nodes\": 3}").statusCode())
                .isEqualTo(400);
        assertThat(putPolicy("web", "{\"mode\": \"sleepy\"}").statusCode()).isEqualTo(400);
        assertThat(putPolicy("web", "[]").statusCode()).isEqualTo(400);
        assertThat(putPolicy("web", "{\"mode\": \"AUTO\", \"reason\": 7}").statusCode())
                .isEqualTo(400);
        assertThat(putPolicy("nope", "{\"mode\": \"AUTO\"}").statusCode()).isEqualTo(404);
        assertThat(policies).isEmpty();
    }

    @Test
    void aDependencyAwayAnswers503WithJsonAndAnyOtherFailureJsonToo(Vertx vertx) throws Exception {
        DeployerState away = new DeployerState() {
            @Override
            public List<NodeView> nodes() {
                return state.nodes();
            }

            @Override
            public Map<String, FamilyBounds> families() {
                return state.families();
            }

            @Override
            public Map<String, ProviderView> providers() {
                throw new IllegalStateException("bug");
            }

            @Override
            public Future<Void> submit(ScalingDecision decision) {
                return Future.failedFuture(new DependencyUnavailableException(
                        "decision " + decision.getId()
                                + " not published: the schema registry is unreachable: ConnectException",
                        null));
            }

            @Override
            public Future<Void> setPolicy(FamilyPolicy policy) {
                return Future.failedFuture(new DependencyUnavailableException(
                        "policy not published: the Kafka broker " + "is unavailable", null));
            }
        };
        HttpServer s = new DeployerApi(away)
                .server(vertx)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            HttpResponse<Buffer> r = client.post(s.actualPort(), "127.0.0.1", "/api/families/web/deploy")
                    .sendBuffer(Buffer.buffer("{\"count\": 1}"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(r.bodyAsJsonObject().getString("error")).contains("the schema registry is unreachable");
            HttpResponse<Buffer> policy = client.put(s.actualPort(), "127.0.0.1", "/api/families/web/policy")
                    .sendBuffer(Buffer.buffer("{\"mode\": \"PAUSED\"}"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(policy.statusCode()).isEqualTo(503);
            assertThat(policy.bodyAsJsonObject().getString("error")).contains("broker is unavailable");
            HttpResponse<Buffer> bug = client.get(s.actualPort(), "127.0.0.1", "/api/providers")
                    .send()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(bug.statusCode()).isEqualTo(500);
            assertThat(bug.bodyAsJsonObject().getString("error")).contains("IllegalStateException: bug");
        } finally {
            s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
