package io.numbat.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for a Confluent-compatible registry on 127.0.0.1: each "METHOD /raw/path" answers with a
 * fixed status and body, and every request is recorded so tests can check what the client sent.
 */
public final class FakeSchemaRegistryServer implements AutoCloseable {
    /** One request as the server received it. */
    public record Request(String method, String rawPath, String contentType, String body) {}

    private record Response(int status, String body, Duration delay) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeSchemaRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL as Apicurio exposes the Confluent API, with a trailing slash the client must tolerate. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/";
    }

    public FakeSchemaRegistryServer respond(String method, String rawPath, int status, String body) {
        return respond(method, rawPath, status, body, Duration.ZERO);
    }

    public FakeSchemaRegistryServer respond(String method, String rawPath, int status, String body, Duration delay) {
        responses.put(method + " /apis/ccompat/v7" + rawPath, new Response(status, body, delay));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Response response = responses.getOrDefault(
                method + " " + path,
                new Response(
                        404,
                        "{\"message\":\"no route for " + method + " " + path + "\",\"error_code\":404}",
                        Duration.ZERO));
        try {
            Thread.sleep(response.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
