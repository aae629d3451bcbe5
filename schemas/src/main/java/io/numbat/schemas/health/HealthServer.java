package io.numbat.schemas.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A small HTTP server (the JDK's) answering {@code GET /health}, {@code /health/live} and
 * {@code /health/ready} for components that serve nothing else (the stream processor, the agent);
 * {@link #mount} adds the same paths to an existing JDK server.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final String host;

    private HealthServer(HttpServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * Listens on {@code host:port} (0 picks a free port).
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static HealthServer start(String host, int port, Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("health endpoint " + host + ":" + port + ": " + e.getMessage(), e);
        }
        mount(server, health);
        server.start();
        return new HealthServer(server, host);
    }

    /** Serves the health paths on {@code server}. */
    public static void mount(HttpServer server, Supplier<Health> health) {
        server.createContext("/health", ex -> answer(ex, health));
    }

    private static void answer(HttpExchange ex, Supplier<Health> health) throws IOException {
        try (ex) {
            Health.Probe probe = Health.Probe.ofPath(ex.getRequestURI().getPath());
            int status;
            String body;
            if (probe == null) {
                status = 404;
                body = "{\"error\":\"no such resource\"}";
            } else if (!ex.getRequestMethod().equals("GET")
                    && !ex.getRequestMethod().equals("HEAD")) {
                status = 405;
                body = "{\"error\":\"use GET\"}";
            } else {
                Health h;
                try {
                    h = Objects.requireNonNull(health.get(), "no health");
                } catch (RuntimeException e) {
                    h = new Health(false, false, Map.of("error", String.valueOf(e)));
                }
                status = h.httpStatus(probe);
                body = h.toJson();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** {@code http://host:port/health}. */
    public String url() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":"
                + server.getAddress().getPort() + "/health";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
