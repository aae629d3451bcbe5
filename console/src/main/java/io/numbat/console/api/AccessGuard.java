package io.numbat.console.api;

import io.numbat.schemas.health.Health;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks the access token, {@code Authorization: Bearer <token>} (or, for GET requests such as a
 * browser's EventSource, {@code ?access_token=}): on every request but {@code /health} (and its
 * {@code /live} and {@code /ready}) when the
 * console is bound beyond loopback, and on every action (non-GET request) whenever a token is set.
 */
public final class AccessGuard implements Handler<RoutingContext> {
    private final byte[] token;
    private final boolean everywhere;

    public AccessGuard(Optional<String> token, boolean loopbackOnly) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.everywhere = token.isPresent() && !loopbackOnly;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (token == null || !required(ctx)) {
            ctx.next();
            return;
        }
        String given = presented(ctx);
        if (given == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ApiError.send(ctx, 401, "this request needs the console's token (Authorization: Bearer ...)");
        } else if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ApiError.send(ctx, 401, "wrong token");
        } else {
            ctx.next();
        }
    }

    private boolean required(RoutingContext ctx) {
        boolean action = ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD;
        return action || (everywhere && Health.Probe.ofPath(ctx.request().path()) == null);
    }

    private static String presented(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        if (h == null && ctx.request().method() == HttpMethod.GET) {
            return ctx.request().getParam("access_token");
        }
        return null;
    }
}
