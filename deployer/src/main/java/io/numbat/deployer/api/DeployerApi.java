package io.numbat.deployer.api;

import io.numbat.bridge.access.AccessCheck;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.health.HealthServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The deployer's REST API. Reads list families, providers and nodes; deploy and scale turn into
 * {@code ScalingDecision}s with source {@code operator}, published to the same topic as the
 * stream processor's, so they take the same path; so does stopping one node (a scale-in naming it).
 * Every answer is JSON, errors with a reason: 404 for an unknown family, node or path, 400 for a
 * malformed body or parameter, 415 for a form instead of JSON, 409 for stopping a node that is not RUNNING, 413 for a body over
 * {@link #MAX_BODY_BYTES}, 503 while the registry or the broker is away. Bodies are held in memory,
 * never written to disk (no file uploads).
 * <pre>
 * GET  /api/families                 GET /api/providers          GET /api/nodes[?family=F]
 * POST /api/families/{f}/deploy {"count": N}      POST /api/families/{f}/scale {"nodes": N}
 * POST /api/nodes/{node}/stop        DELETE /api/nodes/{node}   (the same)
 * GET  /health[/live|/ready]         GET /metrics (Prometheus text, when given; the same token rule as reads)
 * </pre>
 */
public final class DeployerApi {
    /** The largest request body accepted. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private final DeployerState state;
    private final AccessCheck access;
    private Supplier<String> metrics;

    public DeployerApi(DeployerState state) {
        this(state, Optional.empty(), true);
    }

    /** @param token with it, actions need {@code Authorization: Bearer <token>}, and so does everything off loopback */
    public DeployerApi(DeployerState state, Optional<String> token, boolean loopbackOnly) {
        this.state = state;
        this.access = new AccessCheck("deployer", token, loopbackOnly, JsonAnswers::error);
    }

    /** Also serves {@code GET /metrics} with the Prometheus text {@code scrape} returns (called on the API's context). */
    public DeployerApi withMetrics(Supplier<String> scrape) {
        this.metrics = scrape;
        return this;
    }

    /**
     * An HTTP server answering with this API; also the requests the HTTP codec itself refuses (a URI
     * or headers too long, a malformed request line) are answered JSON.
     */
    public HttpServer server(Vertx vertx) {
        return vertx.createHttpServer().requestHandler(router(vertx)).invalidRequestHandler(JsonAnswers::invalid);
    }

    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        // Only POSTs carry a body (the body handler refuses a multipart GET with an exception); the
        // router pauses every request until its body is read, so json() drops what is left unread.
        r.post().handler(JsonAnswers::refuseForms);
        r.post().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        r.put().handler(JsonAnswers::refuseForms);
        r.put().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        // GET /health, /health/live and /health/ready: no token, so that probes need no secret
        r.getWithRegex("/health(/live|/ready)?").handler(ctx -> {
            Health h = state.health();
            JsonAnswers.json(ctx, h.httpStatus(Health.Probe.ofPath(ctx.request().path())), h.toJson());
        });
        if (metrics != null) {
            r.get("/metrics").handler(access);
            r.get("/metrics")
                    .handler(ctx -> ctx.response()
                            .putHeader("Content-Type", HealthServer.METRICS_CONTENT_TYPE)
                            .end(metrics.get()));
        }
        r.route("/api/*").handler(access);
        r.get("/api/families").handler(this::families);
        r.get("/api/providers").handler(this::providers);
        r.get("/api/nodes").handler(this::nodes);
        r.post("/api/families/:family/deploy").handler(ctx -> change(ctx, false));
        r.post("/api/families/:family/scale").handler(ctx -> change(ctx, true));
        r.post("/api/nodes/:node/stop").handler(this::stopNode);
        r.put("/api/families/:family/policy").handler(new FamilyPolicyRoute(state)::handle);
        r.delete("/api/nodes/:node").handler(this::stopNode);
        r.route()
                .handler(ctx -> JsonAnswers.error(
                        ctx,
                        404,
                        "no such resource: " + ctx.request().method() + " "
                                + ctx.request().path()));
        r.route().failureHandler(ctx -> JsonAnswers.failure(ctx, ctx.statusCode()));
        for (int status = 400; status < 600; status++) {
            int code = status;
            r.errorHandler(
                    code,
                    ctx -> JsonAnswers.failure(ctx, code)); // failures no route sees, e.g. a path that does not decode
        }
        return r;
    }

    private void families(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        List<DeployerState.NodeView> nodes = state.nodes();
        state.families().forEach((name, bounds) -> {
            JsonObject byState = new JsonObject();
            nodes.stream()
                    .filter(n -> n.family().equals(name))
                    .forEach(n -> byState.put(n.state(), byState.getInteger(n.state(), 0) + 1));
            out.add(new JsonObject()
                    .put("family", name)
                    .put("minNodes", bounds.minNodes())
                    .put("maxNodes", bounds.maxNodes())
                    .put("owned", state.owns(name))
                    .put("nodes", byState));
        });
        JsonAnswers.json(ctx, 200, out.encode());
    }

    private void providers(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        List<DeployerState.NodeView> nodes = state.nodes();
        state.providers()
                .forEach((name, p) -> out.add(new JsonObject()
                        .put("provider", name)
                        .put("type", p.type())
                        .put("maxNodes", p.maxNodes())
                        .put(
                                "placed",
                                nodes.stream()
                                        .filter(n -> n.provider().equals(name) && active(n))
                                        .count())));
        JsonAnswers.json(ctx, 200, out.encode());
    }

    private void nodes(RoutingContext ctx) {
        String family = ctx.queryParams().get("family");
        JsonArray out = new JsonArray();
        state.nodes().stream()
                .filter(n -> family == null || n.family().equals(family))
                .forEach(n -> out.add(new JsonObject()
                        .put("node", n.node())
                        .put("family", n.family())
                        .put("provider", n.provider())
                        .put("state", n.state())
                        .put("decisionId", n.decisionId())));
        JsonAnswers.json(ctx, 200, out.encode());
    }

    private static boolean active(DeployerState.NodeView n) {
        return !n.state().equals("STOPPED") && !n.state().equals("FAILED");
    }

    /** deploy: {"count": N} more nodes; scale: {"nodes": N} in total (deployer-launched, active ones). */
    private void change(RoutingContext ctx, boolean toTotal) {
        Map<String, DeployerState.FamilyBounds> families = state.families();
        String family = JsonAnswers.knownFamily(ctx, families);
        JsonObject body = family == null ? null : JsonAnswers.jsonBody(ctx).orElse(null);
        if (body == null) {
            return;
        }
        String key = toTotal ? "nodes" : "count";
        int max = families.get(family).maxNodes();
        Object raw = body.getValue(key);
        int least = toTotal ? 0 : 1;
        if (!(raw instanceof Integer n) || n < least || n > max) {
            JsonAnswers.error(
                    ctx,
                    400,
                    "'" + key + "' must be an integer from " + least + " to " + family + "'s maxNodes " + max + ", was "
                            + describe(raw));
            return;
        }
        int current = (int) state.nodes().stream()
                .filter(v -> v.family().equals(family) && active(v))
                .count();
        long total = toTotal ? n : (long) current + n; // long: current + count never overflows
        long delta = total - current;
        if (total > max) {
            JsonAnswers.error(ctx, 400, family + " would have " + total + " nodes, more than its maxNodes " + max);
            return;
        }
        if (delta == 0) {
            JsonAnswers.json(
                    ctx,
                    200,
                    new JsonObject()
                            .put("family", family)
                            .put("nodes", current)
                            .put("unchanged", true)
                            .encode());
            return;
        }
        ScalingDecision d = ScalingDecision.newBuilder()
                .setId("operator-" + UUID.randomUUID())
                .setFamily(family)
                .setTimestamp(Instant.now())
                .setAction(delta > 0 ? ScalingAction.SCALE_OUT : ScalingAction.SCALE_IN)
                .setCount(Math.toIntExact(Math.abs(delta)))
                .setCurrentNodes(current)
                .setReason("operator request: "
                        + (toTotal ? "scale " + family + " to " + n : "deploy " + n + " " + family))
                .setSource("operator")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
        submit(
                ctx,
                d,
                new JsonObject()
                        .put("decision", d.getId())
                        .put("family", family)
                        .put("action", d.getAction().name())
                        .put("count", d.getCount())
                        .put("currentNodes", current));
    }

    /** A short, safe rendering of a rejected value for an error message. */
    private static String describe(Object raw) {
        String s = raw instanceof String ? "\"" + raw + "\"" : String.valueOf(raw);
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** Publishes {@code d} and answers 202 with {@code accepted} once the broker has it, else 503 or 500 (JSON). */
    private void submit(RoutingContext ctx, ScalingDecision d, JsonObject accepted) {
        Future<Void> sent;
        try {
            sent = state.submit(d);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
            if (ar.succeeded()) {
                JsonAnswers.json(ctx, 202, accepted.encode());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** Stops one RUNNING node: a scale-in decision of its family that names it. */
    private void stopNode(RoutingContext ctx) {
        String name = ctx.pathParam("node");
        DeployerState.NodeView node = state.node(name).orElse(null);
        if (node == null) {
            JsonAnswers.error(ctx, 404, "unknown node '" + name + "'");
            return;
        }
        if (!node.state().equals("RUNNING")) {
            boolean over = List.of("STOPPING", "STOPPED", "FAILED").contains(node.state());
            JsonAnswers.error(
                    ctx,
                    409,
                    over
                            ? "node " + name + " is already " + node.state()
                            : "node " + name + " is " + node.state() + "; only a RUNNING node can be stopped");
            return;
        }
        int current = (int) state.nodes().stream()
                .filter(v -> v.family().equals(node.family()) && active(v))
                .count();
        ScalingDecision d = ScalingDecision.newBuilder()
                .setId("operator-" + UUID.randomUUID())
                .setFamily(node.family())
                .setTimestamp(Instant.now())
                .setAction(ScalingAction.SCALE_IN)
                .setCount(1)
                .setCurrentNodes(current)
                .setReason("operator request: stop " + name)
                .setSource("operator")
                .setNodes(List.of(name))
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
        submit(
                ctx,
                d,
                new JsonObject()
                        .put("decision", d.getId())
                        .put("node", name)
                        .put("family", node.family())
                        .put("provider", node.provider())
                        .put("action", "SCALE_IN")
                        .put("state", node.state())
                        .put("next", "STOPPING"));
    }
}
