package io.numbat.deployer.api;

import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * </pre>
 */
public final class DeployerApi {
    /** The largest request body accepted. */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** The most of a refused request's body read (and dropped) after the answer; beyond, the connection is closed. */
    static final long MAX_DRAIN_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DeployerApi.class);

    private final DeployerState state;
    private final TokenCheck access;

    public DeployerApi(DeployerState state) {
        this(state, java.util.Optional.empty(), true);
    }

    /** @param token with it, actions need {@code Authorization: Bearer <token>}, and so does everything off loopback */
    public DeployerApi(DeployerState state, java.util.Optional<String> token, boolean loopbackOnly) {
        this.state = state;
        this.access = new TokenCheck(token, loopbackOnly);
    }

    /**
     * An HTTP server answering with this API; also the requests the HTTP codec itself refuses (a URI
     * or headers too long, a malformed request line) are answered JSON.
     */
    public HttpServer server(io.vertx.core.Vertx vertx) {
        return vertx.createHttpServer().requestHandler(router(vertx)).invalidRequestHandler(DeployerApi::invalid);
    }

    private static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(new JsonObject().put("error", switch (status) {
                    case 414 -> "the URI is too long";
                    case 431 -> "the request's headers are too large";
                    default -> "malformed HTTP request";
                } + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())).encode());
    }

    public Router router(io.vertx.core.Vertx vertx) {
        Router r = Router.router(vertx);
        // Only POSTs carry a body (the body handler refuses a multipart GET with an exception); the
        // router pauses every request until its body is read, so json() drops what is left unread.
        r.post().handler(DeployerApi::refuseForms);
        r.post().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        r.route("/api/*").handler(access);
        r.get("/api/families").handler(this::families);
        r.get("/api/providers").handler(this::providers);
        r.get("/api/nodes").handler(this::nodes);
        r.post("/api/families/:family/deploy").handler(ctx -> change(ctx, false));
        r.post("/api/families/:family/scale").handler(ctx -> change(ctx, true));
        r.post("/api/nodes/:node/stop").handler(this::stopNode);
        r.delete("/api/nodes/:node").handler(this::stopNode);
        r.route().handler(ctx -> error(ctx, 404, "no such resource: " + ctx.request().method() + " " + ctx.request().path()));
        r.route().failureHandler(ctx -> failure(ctx, ctx.statusCode()));
        for (int status = 400; status < 600; status++) {
            int code = status;
            r.errorHandler(code, ctx -> failure(ctx, code)); // failures no route sees, e.g. a path that does not decode
        }
        return r;
    }

    private void families(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        List<DeployerState.NodeView> nodes = state.nodes();
        state.families().forEach((name, bounds) -> {
            JsonObject byState = new JsonObject();
            nodes.stream().filter(n -> n.family().equals(name))
                    .forEach(n -> byState.put(n.state(), byState.getInteger(n.state(), 0) + 1));
            out.add(new JsonObject().put("family", name).put("minNodes", bounds[0]).put("maxNodes", bounds[1])
                    .put("owned", state.owns(name)).put("nodes", byState));
        });
        json(ctx, 200, out.encode());
    }

    private void providers(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        List<DeployerState.NodeView> nodes = state.nodes();
        state.providers().forEach((name, p) -> out.add(new JsonObject().put("provider", name).put("type", p[0])
                .put("maxNodes", Integer.parseInt(p[1]))
                .put("placed", nodes.stream().filter(n -> n.provider().equals(name) && active(n)).count())));
        json(ctx, 200, out.encode());
    }

    private void nodes(RoutingContext ctx) {
        String family = ctx.queryParams().get("family");
        JsonArray out = new JsonArray();
        state.nodes().stream().filter(n -> family == null || n.family().equals(family))
                .forEach(n -> out.add(new JsonObject().put("node", n.node()).put("family", n.family())
                        .put("provider", n.provider()).put("state", n.state()).put("decisionId", n.decisionId())));
        json(ctx, 200, out.encode());
    }

    private static boolean active(DeployerState.NodeView n) {
        return !n.state().equals("STOPPED") && !n.state().equals("FAILED");
    }

    /** deploy: {"count": N} more nodes; scale: {"nodes": N} in total (deployer-launched, active ones). */
    private void change(RoutingContext ctx, boolean toTotal) {
        String family = ctx.pathParam("family");
        Map<String, int[]> families = state.families();
        if (!families.containsKey(family)) {
            error(ctx, 404, "unknown family '" + family + "'; known: " + families.keySet());
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) { // DecodeException, ClassCastException, Jackson's nesting limits...
            error(ctx, 400, "body must be a JSON object: " + e.getMessage());
            return;
        }
        String key = toTotal ? "nodes" : "count";
        int max = families.get(family)[1];
        Object raw = body == null ? null : body.getValue(key);
        int least = toTotal ? 0 : 1;
        if (!(raw instanceof Integer n) || n < least || n > max) {
            error(ctx, 400, "'" + key + "' must be an integer from " + least + " to " + family + "'s maxNodes " + max
                    + ", was " + describe(raw));
            return;
        }
        int current = (int) state.nodes().stream().filter(v -> v.family().equals(family) && active(v)).count();
        long total = toTotal ? n : (long) current + n; // long: current + count never overflows
        long delta = total - current;
        if (total > max) {
            error(ctx, 400, family + " would have " + total + " nodes, more than its maxNodes " + max);
            return;
        }
        if (delta == 0) {
            json(ctx, 200, new JsonObject().put("family", family).put("nodes", current).put("unchanged", true).encode());
            return;
        }
        ScalingDecision d = ScalingDecision.newBuilder().setId("operator-" + UUID.randomUUID()).setFamily(family)
                .setTimestamp(Instant.now()).setAction(delta > 0 ? ScalingAction.SCALE_OUT : ScalingAction.SCALE_IN)
                .setCount(Math.toIntExact(Math.abs(delta))).setCurrentNodes(current)
                .setReason("operator request: " + (toTotal ? "scale " + family + " to " + n : "deploy " + n + " " + family))
                .setSource("operator").setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build()).build();
        submit(ctx, d, new JsonObject().put("decision", d.getId()).put("family", family)
                .put("action", d.getAction().name()).put("count", d.getCount()).put("currentNodes", current));
    }

    /** Forms are refused before anything decodes them (a form decoder has failure modes of its own). */
    private static void refuseForms(RoutingContext ctx) {
        String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) {
            error(ctx, 415, "body must be a JSON object, not " + type.split(";")[0].strip());
        } else {
            ctx.next();
        }
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
                json(ctx, 202, accepted.encode());
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
            error(ctx, 404, "unknown node '" + name + "'");
            return;
        }
        if (!node.state().equals("RUNNING")) {
            boolean over = List.of("STOPPING", "STOPPED", "FAILED").contains(node.state());
            error(ctx, 409, over ? "node " + name + " is already " + node.state()
                    : "node " + name + " is " + node.state() + "; only a RUNNING node can be stopped");
            return;
        }
        int current = (int) state.nodes().stream().filter(v -> v.family().equals(node.family()) && active(v)).count();
        ScalingDecision d = ScalingDecision.newBuilder().setId("operator-" + UUID.randomUUID()).setFamily(node.family())
                .setTimestamp(Instant.now()).setAction(ScalingAction.SCALE_IN).setCount(1).setCurrentNodes(current)
                .setReason("operator request: stop " + name).setSource("operator").setNodes(List.of(name))
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build()).build();
        submit(ctx, d, new JsonObject().put("decision", d.getId()).put("node", name).put("family", node.family())
                .put("provider", node.provider()).put("action", "SCALE_IN").put("state", node.state())
                .put("next", "STOPPING"));
    }

    /**
     * Every failure as JSON: 503 while a dependency is away, the status Vert.x chose (413 for a body
     * too large, 400 for a request it could not parse), 400 for a bad parameter, else 500.
     */
    private static void failure(RoutingContext ctx, int statusCode) {
        Throwable e = ctx.failure();
        int status;
        String reason;
        if (e instanceof DependencyUnavailableException) {
            status = 503;
            reason = e.getMessage();
        } else if (statusCode >= 400 && statusCode < 500 || statusCode > 500 && statusCode < 600) {
            status = statusCode;
            reason = switch (status) {
                case 413 -> "the body is larger than " + MAX_BODY_BYTES + " bytes";
                case 400 -> "bad request";
                default -> "HTTP " + status;
            } + (e == null || e.getMessage() == null ? "" : ": " + e.getMessage());
        } else if (e instanceof IllegalArgumentException) { // e.g. a parameter that is not valid UTF-8
            status = 400;
            reason = "bad request: " + e.getMessage();
        } else {
            status = 500;
            reason = "internal error: " + e;
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
        }
        if (ctx.response().headWritten() || ctx.response().ended()) {
            ctx.response().reset();
            return;
        }
        error(ctx, status, reason);
    }

    /**
     * Every answer: JSON, given at once (the router's own error path needs it so). A request answered
     * before its body was read has the rest of its body read and dropped, so the connection stays
     * usable; one that goes on past {@link #MAX_DRAIN_BYTES} has its connection closed.
     */
    static void json(RoutingContext ctx, int status, String body) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            try {
                AtomicLong drained = new AtomicLong();
                request.handler(chunk -> {
                    if (drained.addAndGet(chunk.length()) > MAX_DRAIN_BYTES) {
                        request.connection().close();
                    }
                });
                request.resume();
            } catch (RuntimeException e) { // the body can no longer be read: the connection cannot be reused
                ctx.response().putHeader("Connection", "close");
            }
        }
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
        }
    }

    private static void error(RoutingContext ctx, int status, String reason) {
        json(ctx, status, new JsonObject().put("error", reason).encode());
    }
}
