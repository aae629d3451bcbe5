package io.numbat.deployer.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The REST API's access rule, the console's: with a token set, every action (a non-GET request)
 * needs {@code Authorization: Bearer <token>}, and so does every request when the API listens beyond
 * loopback (a deployer bound elsewhere without a token refuses to start).
 */
final class TokenCheck implements Handler<RoutingContext> {
    private final byte[] token;
    private final boolean everywhere;

    TokenCheck(Optional<String> token, boolean loopbackOnly) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.everywhere = !loopbackOnly;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (token == null || (!everywhere && ctx.request().method() == HttpMethod.GET)) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(given, token)) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            JsonAnswers.json(ctx, 401, new JsonObject()
                    .put("error", "this request needs the deployer's token (Authorization: Bearer ...)").encode());
        }
    }
}
