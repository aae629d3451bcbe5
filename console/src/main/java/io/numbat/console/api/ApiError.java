package io.numbat.console.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A request the API refuses: an HTTP status and a reason, answered as {@code {"error": reason}}. */
public final class ApiError extends RuntimeException {
    private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);
    private final int status;

    public ApiError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public static ApiError badRequest(String reason) {
        return new ApiError(400, reason);
    }

    public static ApiError notFound(String reason) {
        return new ApiError(404, reason);
    }

    public int status() {
        return status;
    }

    /** Sends {@code {"error": reason}} with {@code status}. */
    public static void send(RoutingContext ctx, int status, String reason) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", reason).encode());
    }

    /**
     * Answers any failure of a route: an ApiError as itself, a failure with a 4xx status (Vert.x's: a
     * malformed request, a body too large) with that status, anything else as 500.
     */
    public static void handle(RoutingContext ctx) {
        answer(ctx, ctx.failure(), ctx.statusCode());
    }

    /** Answers the router's own refusal with {@code status} (no route 404, a wrong method 405, a path it cannot route 400). */
    public static Handler<RoutingContext> refusal(int status) {
        return ctx -> answer(ctx, ctx.failure(), status);
    }

    private static void answer(RoutingContext ctx, Throwable t, int code) {
        if (t instanceof ApiError e) {
            send(ctx, e.status(), e.getMessage());
        } else if (code >= 400 && code < 500) {
            send(
                    ctx,
                    code,
                    switch (code) {
                        case 404 -> "no such resource: " + ctx.request().path();
                        case 405 ->
                            "method " + ctx.request().method() + " not allowed on "
                                    + ctx.request().path();
                        case 413 -> "body too large";
                        default ->
                            "malformed request" + (t == null || t.getMessage() == null ? "" : ": " + t.getMessage());
                    });
        } else {
            if (t != null) {
                LOG.warn(
                        "internal error answering {} {}",
                        ctx.request().method(),
                        ctx.request().path(),
                        t);
            }
            send(ctx, code >= 500 && code < 600 ? code : 500, t == null ? "internal error" : "internal error: " + t);
        }
    }

    /**
     * Answers a request the HTTP codec could not parse (a malformed request line or header, a target
     * or header too long): 400, 414 or 431 as JSON, instead of Vert.x's empty answer; the connection
     * then closes.
     */
    public static void invalidRequest(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException
                ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        req.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("error", "malformed HTTP request" + (cause == null ? "" : ": " + cause.getMessage()))
                        .encode());
    }

    /** Sends {@code body} with {@code status}, unless the request was answered already (an answer that came late). */
    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }
}
