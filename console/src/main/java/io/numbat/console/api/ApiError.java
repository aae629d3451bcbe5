package io.numbat.console.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A request the API refuses: an HTTP status and a reason, answered as {@code {"error": reason}}. */
public final class ApiError extends RuntimeException {
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
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", reason).encode());
    }

    /** Answers any failure of a route: an ApiError as itself, anything else as 500 (or the failure's status). */
    public static void handle(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t instanceof ApiError e) {
            send(ctx, e.status(), e.getMessage());
        } else if (t != null) {
            send(ctx, 500, "internal error: " + t);
        } else {
            int code = ctx.statusCode();
            send(ctx, code, code == 404 ? "no such resource: " + ctx.request().path()
                    : code == 413 ? "body too large" : "request failed with status " + code);
        }
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
