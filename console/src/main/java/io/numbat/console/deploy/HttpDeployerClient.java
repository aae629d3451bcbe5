package io.numbat.console.deploy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@link DeployerClient} over HTTP with Vert.x's client: 5 s to connect, 15 s without an answer. */
public final class HttpDeployerClient implements DeployerClient, AutoCloseable {
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int IDLE_TIMEOUT_MS = 15_000;

    private final HttpClient http;
    private final URI base;

    private final Optional<String> token;

    public HttpDeployerClient(Vertx vertx, URI base) {
        this(vertx, base, Optional.empty());
    }

    /** @param token sent as {@code Authorization: Bearer} when the deployer asks for one */
    public HttpDeployerClient(Vertx vertx, URI base, Optional<String> token) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
        this.base = base;
        this.token = token;
    }

    @Override
    public Future<Answer> scale(String family, int nodes) {
        return send(
                HttpMethod.POST,
                family,
                "/scale",
                new JsonObject().put("nodes", nodes).encode());
    }

    @Override
    public Future<Answer> policy(String family, JsonObject body) {
        return send(HttpMethod.PUT, family, "/policy", body.encode());
    }

    private Future<Answer> send(HttpMethod method, String family, String what, String body) {
        String path = "/api/families/"
                + URLEncoder.encode(family, StandardCharsets.UTF_8).replace("+", "%20") + what;
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(base.resolve(path).toString())
                .setIdleTimeout(IDLE_TIMEOUT_MS)
                .putHeader("Content-Type", "application/json");
        token.ifPresent(t -> options.putHeader("Authorization", "Bearer " + t));
        return http.request(options)
                .compose(req -> req.send(body))
                .compose(resp ->
                        resp.body().map(b -> new Answer(resp.statusCode(), b.toString(StandardCharsets.UTF_8))));
    }

    @Override
    public String url() {
        return base.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
