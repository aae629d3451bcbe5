package io.numbat.console;

import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.ClusterConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/** A console on a test's Vert.x with a {@link TestIntake}, and a blocking HTTP client for it. */
public final class ConsoleTestSupport implements AutoCloseable {
    public final TestIntake intake = new TestIntake();
    public final Console console;
    public final WebClient client;

    public ConsoleTestSupport(Vertx vertx, ConsoleConfig config) {
        this.console = Console.start(vertx, config, intake);
        this.client = WebClient.create(vertx);
    }

    public ConsoleTestSupport(Vertx vertx) {
        this(vertx, config());
    }

    /** Loopback, a free port, no token; Kafka and the registry are never contacted. */
    public static ConsoleConfig config() {
        return ConsoleConfig.of(new ClusterConnection("unused:9092", "http://unused"), new InMemorySchemaRegistry());
    }

    public HttpRequest<Buffer> get(String path) {
        return client.get(console.port(), "127.0.0.1", path);
    }

    public HttpRequest<Buffer> post(String path) {
        return client.post(console.port(), "127.0.0.1", path);
    }

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<Buffer> send(HttpRequest<Buffer> r) {
        return await(r.send());
    }

    public HttpResponse<Buffer> send(HttpRequest<Buffer> r, String body) {
        return await(r.sendBuffer(Buffer.buffer(body)));
    }

    public static JsonObject json(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject();
    }

    @Override
    public void close() {
        client.close();
        console.close();
    }
}
