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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server (the JDK's) answering {@code GET /health}, {@code /health/live} and
 * {@code /health/ready}, and {@code GET /metrics} (Prometheus text) when given the text, for components
 * that serve nothing else (the stream processor, the agent, the alert forwarder); {@link #mount} and
 * {@link #mountMetrics} add the same paths to an existing JDK server.
 */
public final class HealthServer implements AutoCloseable {
    /** The Prometheus text exposition format, version 0.0.4: what {@code GET /metrics} answers. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

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
        return start(host, port, health, null);
    }

    /**
     * As above, also serving {@code GET /metrics} with the text {@code metrics} returns (the Prometheus text
     * format; null serves no {@code /metrics}). Logs the bound address.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static HealthServer start(String host, int port, Supplier<Health> health, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("health endpoint " + host + ":" + port + ": " + e.getMessage(), e);
        }
        mount(server, health);
        if (metrics != null) {
            mountMetrics(server, metrics);
        }
        server.start();
        HealthServer h = new HealthServer(server, host);
        LOG.info("health{} at {} (port {})", metrics != null ? " and metrics" : "", h.url(), h.port());
        return h;
    }

    /** Serves the health paths on {@code server}. */
    public static void mount(HttpServer server, Supplier<Health> health) {
        server.createContext("/health", ex -> answer(ex, health));
    }

    /**
     * Serves {@code GET /metrics} on {@code server}: 200 with the text {@code metrics} returns, in the Prometheus
     * text format; 500 with the error when it throws.
     */
    public static void mountMetrics(HttpServer server, Supplier<String> metrics) {
        server.createContext("/metrics", ex -> answerMetrics(ex, metrics));
    }

    private static void answerMetrics(HttpExchange ex, Supplier<String> metrics) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/metrics") && !path.equals("/metrics/")) {
                send(ex, 404, "application/json", "{\"error\":\"no such resource\"}");
            } else if (!ex.getRequestMethod().equals("GET")
                    && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "application/json", "{\"error\":\"use GET\"}");
            } else {
                String text;
                try {
                    text = Objects.requireNonNull(metrics.get(), "no metrics");
                } catch (RuntimeException e) {
                    LOG.warn("GET /metrics failed: {}", e.toString());
                    send(ex, 500, "text/plain; charset=utf-8", "metrics failed: " + e + "\n");
                    return;
                }
                send(ex, 200, METRICS_CONTENT_TYPE, text);
            }
        }
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
            send(ex, status, "application/json", body);
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** {@code http://host:port/metrics}. */
    public String metricsUrl() {
        return url().replaceFirst("/health$", "/metrics");
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
