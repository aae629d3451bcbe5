package io.numbat.agent.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.numbat.schemas.util.Durations;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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
 * Answers are JSON; a bad request is 400 with the reason, a target matching no node is 404.
 */
public final class FleetControlServer implements AutoCloseable {
    /** How long a leak takes to reach its limit when the request does not say. */
    public static final Duration DEFAULT_TIME_TO_LIMIT = Duration.ofMinutes(8);

    private final HttpServer server;
    private final SimulatedFleet fleet;
    private final java.util.concurrent.ExecutorService executor;

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
        server.createContext("/faults", ex -> handle(ex, "POST", this::inject));
        server.createContext("/recover", ex -> handle(ex, "POST", this::recover));
        server.createContext("/fleet", ex -> handle(ex, "GET", q -> summary()));
        server.createContext("/nodes/start", ex -> handle(ex, "POST", this::startNode));
        server.createContext("/nodes/stop", ex -> handle(ex, "POST", this::stopNode));
        // a few threads, so that a deployer's many small start requests are not served one by one
        executor = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "numbat-fleet-control");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Also serves {@code GET /health}, {@code /health/live} and {@code /health/ready} from {@code health}. */
    public FleetControlServer withHealth(java.util.function.Supplier<io.numbat.schemas.health.Health> health) {
        io.numbat.schemas.health.HealthServer.mount(server, health);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private interface Action {
        String apply(Map<String, String> query);
    }

    /** A request that names no running node. */
    private static final class NoMatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoMatch(String message) {
            super(message);
        }
    }

    private void handle(HttpExchange ex, String method, Action action) throws IOException {
        try (ex) {
            int status = 200;
            String body;
            if (!ex.getRequestMethod().equals(method)) {
                status = 405;
                body = error(ex.getRequestMethod() + " not allowed here; use " + method);
            } else {
                try {
                    body = action.apply(query(ex.getRequestURI().getRawQuery()));
                } catch (NoMatch e) {
                    status = 404;
                    body = error(e.getMessage());
                } catch (IllegalArgumentException e) {
                    status = 400;
                    body = error(e.getMessage());
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String inject(Map<String, String> q) {
        Fault fault = Fault.parse(require(q, "fault"));
        Target target = target(q);
        Duration ttl = q.containsKey("time-to-limit") ? Durations.parse(q.get("time-to-limit")) : DEFAULT_TIME_TO_LIMIT;
        int n = fleet.inject(fault, target, ttl);
        if (n == 0) {
            throw new NoMatch("no running node matches " + target);
        }
        return String.format(Locale.ROOT, "{\"fault\":\"%s\",\"target\":\"%s\",\"nodes\":%d,\"time_to_limit_s\":%d}",
                fault.wireName(), json(target.toString()), n, ttl.toSeconds());
    }

    private String recover(Map<String, String> q) {
        Target target = target(q);
        int n = fleet.recover(target);
        if (n == 0) {
            throw new NoMatch("no running node matches " + target);
        }
        return String.format(Locale.ROOT, "{\"recovered\":\"%s\",\"nodes\":%d}", json(target.toString()), n);
    }

    private String startNode(Map<String, String> q) {
        String node = require(q, "node");
        boolean started = fleet.startNode(node, require(q, "family"));
        return String.format(Locale.ROOT, "{\"node\":\"%s\",\"started\":%b}", json(node), started);
    }

    private String stopNode(Map<String, String> q) {
        String node = require(q, "node");
        if (!fleet.stopNode(node)) {
            throw new NoMatch("node " + node + " is not running");
        }
        return String.format(Locale.ROOT, "{\"node\":\"%s\",\"stopped\":true}", json(node));
    }

    private String summary() {
        Map<String, Integer> perFamily = fleet.nodesPerFamily();
        StringBuilder fams = new StringBuilder();
        perFamily.forEach((f, n) -> fams.append(fams.length() == 0 ? "" : ",").append('"').append(json(f)).append("\":").append(n));
        return String.format(Locale.ROOT, "{\"nodes\":%d,\"families\":{%s},\"batches\":%d,\"samples\":%d}",
                fleet.size(), fams, fleet.batchesPublished(), fleet.samplesPublished());
    }

    private static Target target(Map<String, String> q) {
        if (q.containsKey("node") == q.containsKey("family")) {
            throw new IllegalArgumentException("give exactly one of node= or family=");
        }
        return q.containsKey("node") ? Target.node(q.get("node")) : Target.family(q.get("family"));
    }

    private static String require(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing query parameter '" + key + "'");
        }
        return v;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static String error(String message) {
        return "{\"error\":\"" + json(message) + "\"}";
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
