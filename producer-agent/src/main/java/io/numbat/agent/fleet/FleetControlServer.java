package io.numbat.agent.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.health.HealthServer;
import io.numbat.schemas.util.Durations;
import io.numbat.schemas.util.Printable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet simulator's control endpoint on 127.0.0.1: inject and recover faults while it runs, and
 * start and stop nodes (what the deployer's {@code simulated} provider does through {@code fleetUrl}).
 * <pre>
 * POST /faults?fault=process_leak&amp;node=web-1@sim[&amp;time-to-limit=8m]   (or family=web)
 * POST /recover?node=web-1@sim                                       (or family=web)
 * GET  /fleet                                                         nodes per family, totals
 * POST /nodes/start?node=web-7&amp;family=web                            {"node":..,"started":true} (false: already running)
 * POST /nodes/stop?node=web-7                                          {"node":..,"stopped":true}; 404 if not running
 * </pre>
 * Answers are JSON ({@code {"error": reason}} when it fails): a bad request (a missing, unknown,
 * repeated or malformed parameter, a {@code time-to-limit} over a year, a node name with a control
 * character) is 400, a target matching no node or an unknown path is 404.
 */
public final class FleetControlServer implements AutoCloseable {
    /** How long a leak takes to reach its limit when the request does not say. */
    public static final Duration DEFAULT_TIME_TO_LIMIT = Duration.ofMinutes(8);
    /** The longest time to limit a request may ask for: a year, far from where a leak's arithmetic overflows. */
    public static final Duration MAX_TIME_TO_LIMIT = Duration.ofDays(365);

    private static final Logger LOG = LoggerFactory.getLogger(FleetControlServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final SimulatedFleet fleet;
    private final ExecutorService executor;

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, each small
        // answer then waits for the client's delayed ACK (~40 ms): a deployer starting nodes one
        // request at a time would be held to ~25 starts/s per connection. Read once, at first use.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public FleetControlServer(SimulatedFleet fleet, int port) {
        this(fleet, InetAddress.getLoopbackAddress().getHostAddress(), port);
    }

    /**
     * @param host where to listen: loopback unless a deployer in another container must reach it (the
     *     endpoint has no authentication: keep it on a private network)
     */
    public FleetControlServer(SimulatedFleet fleet, String host, int port) {
        this.fleet = fleet;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("fleet control port " + port + " on " + host + ": " + e.getMessage(), e);
        }
        server.createContext(
                "/faults", ex -> handle(ex, "POST", params("fault", "node", "family", "time-to-limit"), this::inject));
        server.createContext("/recover", ex -> handle(ex, "POST", params("node", "family"), this::recover));
        server.createContext("/fleet", ex -> handle(ex, "GET", params(), q -> summary()));
        server.createContext("/nodes/start", ex -> handle(ex, "POST", params("node", "family"), this::startNode));
        server.createContext("/nodes/stop", ex -> handle(ex, "POST", params("node"), this::stopNode));
        // every other path: a JSON 404 (the JDK server's own answer would be an HTML page)
        server.createContext(
                "/",
                ex -> handle(ex, "GET", params(), q -> {
                    throw new NoMatch(
                            "no such endpoint: "
                                    + Printable.escape(ex.getRequestURI().getPath())
                                    + "; the endpoints are /faults, /recover, /fleet, /nodes/start, /nodes/stop, /health and /metrics");
                }));
        // a few threads, so that a deployer's many small start requests are not served one by one
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "numbat-fleet-control");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Also serves {@code GET /health}, {@code /health/live} and {@code /health/ready} from {@code health}. */
    public FleetControlServer withHealth(Supplier<Health> health) {
        HealthServer.mount(server, health);
        return this;
    }

    /** Also serves {@code GET /metrics}: the Prometheus text that {@code metrics} returns. */
    public FleetControlServer withMetrics(Supplier<String> metrics) {
        HealthServer.mountMetrics(server, metrics);
        return this;
    }

    private static Set<String> params(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private interface Action {
        ObjectNode apply(Map<String, String> query);
    }

    /** A request that names no running node. */
    private static final class NoMatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoMatch(String message) {
            super(message);
        }
    }

    private void handle(HttpExchange ex, String method, Set<String> parameters, Action action) throws IOException {
        try (ex) {
            int status = 200;
            ObjectNode body;
            String path = ex.getRequestURI().getPath();
            if (!path.equals(ex.getHttpContext().getPath())) { // a context matches every path it prefixes
                status = 404;
                body = error("no such endpoint: " + path);
            } else if (!ex.getRequestMethod().equals(method)) {
                status = 405;
                body = error(ex.getRequestMethod() + " not allowed here; use " + method);
            } else {
                try {
                    body = action.apply(query(ex.getRequestURI().getRawQuery(), parameters));
                } catch (NoMatch e) {
                    status = 404;
                    body = error(e.getMessage());
                } catch (IllegalArgumentException e) {
                    status = 400;
                    body = error(e.getMessage());
                } catch (RuntimeException e) { // a bug, but the client still gets an answer
                    LOG.error(
                            "fleet control request {} failed",
                            Printable.escape(ex.getRequestURI().toString()),
                            e);
                    status = 500;
                    body = error("internal error: " + e);
                }
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private ObjectNode inject(Map<String, String> q) {
        Fault fault = Fault.parse(require(q, "fault"));
        Target target = target(q);
        Duration ttl = q.containsKey("time-to-limit") ? timeToLimit(q.get("time-to-limit")) : DEFAULT_TIME_TO_LIMIT;
        int n = fleet.inject(fault, target, ttl);
        if (n == 0) {
            throw new NoMatch("no running node matches " + target);
        }
        return JSON.createObjectNode()
                .put("fault", fault.wireName())
                .put("target", target.toString())
                .put("nodes", n)
                .put("time_to_limit_s", ttl.toSeconds());
    }

    private static Duration timeToLimit(String text) {
        Duration ttl = Durations.parse(text);
        if (ttl.compareTo(MAX_TIME_TO_LIMIT) > 0) {
            throw new IllegalArgumentException(
                    "time-to-limit must be at most " + MAX_TIME_TO_LIMIT.toHours() + "h, was '" + text + "'");
        }
        return ttl;
    }

    private ObjectNode recover(Map<String, String> q) {
        Target target = target(q);
        int n = fleet.recover(target);
        if (n == 0) {
            throw new NoMatch("no running node matches " + target);
        }
        return JSON.createObjectNode().put("recovered", target.toString()).put("nodes", n);
    }

    private ObjectNode startNode(Map<String, String> q) {
        String node = require(q, "node");
        if (Printable.hasControlCharacter(node)) {
            throw new IllegalArgumentException("node name " + Printable.escape(node) + " has a control character");
        }
        boolean started = fleet.startNode(node, require(q, "family"));
        return JSON.createObjectNode().put("node", node).put("started", started);
    }

    private ObjectNode stopNode(Map<String, String> q) {
        String node = require(q, "node");
        if (!fleet.stopNode(node)) {
            throw new NoMatch("node " + Printable.escape(node) + " is not running");
        }
        return JSON.createObjectNode().put("node", node).put("stopped", true);
    }

    private ObjectNode summary() {
        ObjectNode out = JSON.createObjectNode().put("nodes", fleet.size());
        ObjectNode families = out.putObject("families");
        fleet.nodesPerFamily().forEach(families::put);
        return out.put("batches", fleet.batchesPublished()).put("samples", fleet.samplesPublished());
    }

    private static Target target(Map<String, String> q) {
        if (q.containsKey("node") == q.containsKey("family")) {
            throw new IllegalArgumentException("give exactly one of node= or family=");
        }
        return q.containsKey("node") ? Target.node(require(q, "node")) : Target.family(require(q, "family"));
    }

    private static String require(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing query parameter '" + key + "'");
        }
        return v;
    }

    /** The query's parameters, each given at most once and each one of {@code known}. */
    private static Map<String, String> query(String raw, Set<String> known) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown query parameter '" + k + "'"
                        + (known.isEmpty() ? "; this endpoint takes none" : "; known: " + String.join(", ", known)));
            }
            if (q.put(k, v) != null) {
                throw new IllegalArgumentException("query parameter '" + k + "' given twice");
            }
        }
        return q;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
