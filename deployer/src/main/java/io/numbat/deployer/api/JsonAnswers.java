package io.numbat.deployer.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the deployer's REST API answers: always JSON, errors as {@code {"error": reason}} with a status
 * that means something, also for what the router or the HTTP codec refuses before any route runs.
 */
final class JsonAnswers {
    /** The most of a refused request's body read (and dropped) after the answer; beyond, the connection is closed. */
    static final long MAX_DRAIN_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JsonAnswers.class);

    private JsonAnswers() {}

    /** A request the HTTP codec could not read: 414 for a URI too long, 431 for headers too large, else 400; the connection closes. */
    static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException
                ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject()
                        .put(
                                "error",
                                switch (status) {
                                            case 414 -> "the URI is too long";
                                            case 431 -> "the request's headers are too large";
                                            default -> "malformed HTTP request";
                                        }
                                        + (cause == null || cause.getMessage() == null
                                                ? ""
                                                : ": " + cause.getMessage()))
                        .encode());
    }

    /** Forms are refused before anything decodes them (a form decoder has failure modes of its own). */
    static void refuseForms(RoutingContext ctx) {
        String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) {
            error(ctx, 415, "body must be a JSON object, not " + type.split(";")[0].strip());
        } else {
            ctx.next();
        }
    }

    /**
     * Every failure as JSON: 503 while a dependency is away, the status Vert.x chose (413 for a body
     * too large, 400 for a request it could not parse), 400 for a bad parameter, else 500.
     */
    static void failure(RoutingContext ctx, int statusCode) {
        Throwable e = ctx.failure();
        int status;
        String reason;
        if (e instanceof DependencyUnavailableException) {
            status = 503;
            reason = e.getMessage();
        } else if (statusCode >= 400 && statusCode < 500 || statusCode > 500 && statusCode < 600) {
            status = statusCode;
            reason = switch (status) {
                        case 413 -> "the body is larger than " + DeployerApi.MAX_BODY_BYTES + " bytes";
                        case 400 -> "bad request";
                        default -> "HTTP " + status;
                    }
                    + (e == null || e.getMessage() == null ? "" : ": " + e.getMessage());
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
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(body);
        }
    }

    static void error(RoutingContext ctx, int status, String reason) {
        json(ctx, status, new JsonObject().put("error", reason).encode());
    }

    /** The request's family if the deployer knows it, else null after answering 404. */
    static String knownFamily(RoutingContext ctx, Map<String, ?> families) {
        String family = ctx.pathParam("family");
        if (!families.containsKey(family)) {
            error(ctx, 404, "unknown family '" + family + "'; known: " + families.keySet());
            return null;
        }
        return family;
    }

    /** The body as a JSON object (null for an empty body), or empty after answering 400. */
    static Optional<JsonObject> jsonBody(RoutingContext ctx) {
        try {
            return Optional.of(Objects.requireNonNullElseGet(ctx.body().asJsonObject(), JsonObject::new));
        } catch (RuntimeException e) { // DecodeException, ClassCastException, Jackson's nesting limits...
            error(ctx, 400, "body must be a JSON object: " + e.getMessage());
            return Optional.empty();
        }
    }
}
