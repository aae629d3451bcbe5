package io.numbat.deployer.provider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The fleet simulator of a separate {@code numbat fleet}, through its control endpoint:
 * {@code POST /nodes/start?node=N&family=F} and {@code POST /nodes/stop?node=N}. Non-blocking; the
 * blocking calls of {@link SimulatedNodes} are refused, since they would stall the event loop.
 */
public final class HttpFleetNodes implements SimulatedNodes {
    private static final int CONNECTIONS = 16;
    private final HttpClient client;
    private final URI base;

    public HttpFleetNodes(Vertx vertx, String fleetUrl) {
        this.base = URI.create(fleetUrl.endsWith("/") ? fleetUrl.substring(0, fleetUrl.length() - 1) : fleetUrl);
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    }

    @Override
    public void start(String node, String family) {
        throw new UnsupportedOperationException("use startLater: the fleet is reached over HTTP");
    }

    @Override
    public boolean stop(String node) {
        throw new UnsupportedOperationException("use stopLater: the fleet is reached over HTTP");
    }

    @Override
    public Future<Void> startLater(String node, String family) {
        return post("/nodes/start?node=" + enc(node) + "&family=" + enc(family), false)
                .mapEmpty();
    }

    @Override
    public Future<Boolean> stopLater(String node) {
        return post("/nodes/stop?node=" + enc(node), true).map(json -> json.getBoolean("stopped", false));
    }

    /** POSTs and returns the JSON answer; with {@code notFoundIsFalse} a 404 reads as {@code {"stopped": false}}. */
    private Future<JsonObject> post(String pathAndQuery, boolean notFoundIsFalse) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(base.getHost())
                .setPort(base.getPort() < 0 ? 80 : base.getPort())
                .setURI(base.getRawPath() + pathAndQuery);
        return client.request(options)
                .compose(req -> req.send(Buffer.buffer()))
                .compose(resp -> resp.body().compose(body -> {
                    JsonObject json;
                    try {
                        json = body.length() == 0 ? new JsonObject() : new JsonObject(body);
                    } catch (RuntimeException e) {
                        json = new JsonObject().put("error", body.toString());
                    }
                    if (resp.statusCode() == 200) {
                        return Future.succeededFuture(json);
                    }
                    if (resp.statusCode() == 404 && notFoundIsFalse) {
                        return Future.succeededFuture(json.put("stopped", false));
                    }
                    return Future.failedFuture("fleet at " + base + " answered " + resp.statusCode() + ": "
                            + json.getString("error", body.toString()));
                }));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
