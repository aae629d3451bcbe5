package io.numbat.bridge.access;

import io.numbat.schemas.health.Health;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The REST APIs' access rule, the console's and the deployer's alike: with a token set, every action (a
 * request other than GET or HEAD) needs {@code Authorization: Bearer <token>}, and so does every request
 * but the health probes ({@code /health}, {@code /health/live}, {@code /health/ready}) when the API
 * listens beyond loopback. Without a token everything passes (a component refuses to bind beyond
 * loopback without one). The token is compared in constant time.
 */
public final class AccessCheck implements Handler<RoutingContext> {
    /** How a component answers a refused request: its own JSON error. */
    @FunctionalInterface
    public interface Refusal {
        void send(RoutingContext ctx, int status, String reason);
    }

    /** What the check makes of a request. */
    public enum Verdict {
        /** No token needed, or the right one given. */
        ALLOWED,
        /** A token is needed and none was given: 401 with {@code WWW-Authenticate: Bearer}. */
        MISSING,
        /** A token was given and it is not the right one: 401 with {@code error="invalid_token"}. */
        WRONG
    }

    private final String component;
    private final byte[] token;
    private final boolean everywhere;
    private final boolean queryToken;
    private final Refusal refusal;

    /**
     * @param component    names the token in the refusal ("this request needs the console's token")
     * @param loopbackOnly whether the API listens on loopback only (then reads need no token)
     */
    public AccessCheck(String component, Optional<String> token, boolean loopbackOnly, Refusal refusal) {
        this(
                component,
                token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null),
                token.isPresent() && !loopbackOnly,
                false,
                refusal);
    }

    private AccessCheck(String component, byte[] token, boolean everywhere, boolean queryToken, Refusal refusal) {
        this.component = component;
        this.token = token;
        this.everywhere = everywhere;
        this.queryToken = queryToken;
        this.refusal = refusal;
    }

    /**
     * The same check that also takes the token from {@code ?access_token=} on a GET without an
     * {@code Authorization} header: a browser's EventSource cannot set headers. Actions still need the header.
     */
    public AccessCheck acceptingQueryToken() {
        return new AccessCheck(component, token, everywhere, true, refusal);
    }

    @Override
    public void handle(RoutingContext ctx) {
        switch (verdict(
                ctx.request().method(),
                ctx.request().path(),
                ctx.request().getHeader("Authorization"),
                () -> ctx.request().getParam("access_token"))) {
            case ALLOWED -> ctx.next();
            case MISSING -> {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                refusal.send(ctx, 401, "this request needs the " + component + "'s token (Authorization: Bearer ...)");
            }
            case WRONG -> {
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                refusal.send(ctx, 401, "wrong token");
            }
        }
    }

    /** The verdict on a request, from its method, path, {@code Authorization} header and {@code access_token} parameter. */
    Verdict verdict(HttpMethod method, String path, String authorization, Supplier<String> accessTokenParam) {
        if (token == null || !required(method, path)) {
            return Verdict.ALLOWED;
        }
        String given = presented(method, authorization, accessTokenParam);
        if (given == null) {
            return Verdict.MISSING;
        }
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8)) ? Verdict.ALLOWED : Verdict.WRONG;
    }

    private boolean required(HttpMethod method, String path) {
        boolean action = method != HttpMethod.GET && method != HttpMethod.HEAD;
        return action || (everywhere && Health.Probe.ofPath(path) == null);
    }

    private String presented(HttpMethod method, String authorization, Supplier<String> accessTokenParam) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (queryToken && authorization == null && method == HttpMethod.GET) {
            return accessTokenParam.get();
        }
        return null;
    }
}
