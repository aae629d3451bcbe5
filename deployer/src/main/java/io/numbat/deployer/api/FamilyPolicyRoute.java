package io.numbat.deployer.api;

import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.PolicyMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code PUT /api/families/{family}/policy} with {@code {"mode": "PAUSED" | "AUTO" | "PINNED",
 * "nodes": N, "reason": "...", "user": "..."}}: an operator pauses the stream processor's scaling
 * policy for a family, pins the family's size ({@code nodes}, within its bounds) or gives it back
 * to the policy. Published as a {@link FamilyPolicy} on {@code numbat.family-policies}; answered
 * 202 once the broker has it, 503 while the registry or the broker is away.
 */
final class FamilyPolicyRoute {
    static final int MAX_TEXT = 500;

    private final DeployerState state;

    FamilyPolicyRoute(DeployerState state) {
        this.state = state;
    }

    void handle(RoutingContext ctx) {
        Map<String, DeployerState.FamilyBounds> families = state.families();
        String family = JsonAnswers.knownFamily(ctx, families);
        JsonObject body = family == null ? null : JsonAnswers.jsonBody(ctx).orElse(null);
        if (body == null) {
            return;
        }
        PolicyMode mode = mode(body.getValue("mode"));
        if (mode == null) {
            JsonAnswers.error(ctx, 400, "'mode' must be AUTO, PAUSED or PINNED");
            return;
        }
        DeployerState.FamilyBounds bounds = families.get(family);
        Object nodes = body.getValue("nodes");
        if (mode == PolicyMode.PINNED
                && (!(nodes instanceof Integer n) || n < bounds.minNodes() || n > bounds.maxNodes())) {
            JsonAnswers.error(
                    ctx,
                    400,
                    "PINNED needs 'nodes', an integer from " + family + "'s minNodes " + bounds.minNodes()
                            + " to its maxNodes " + bounds.maxNodes());
            return;
        }
        if (mode != PolicyMode.PINNED && nodes != null) {
            JsonAnswers.error(ctx, 400, "'nodes' goes only with PINNED");
            return;
        }
        String reason = text(body.getValue("reason"), "");
        String user = text(body.getValue("user"), "operator");
        if (reason == null || user == null) {
            JsonAnswers.error(ctx, 400, "'reason' and 'user' must be strings of at most " + MAX_TEXT + " characters");
            return;
        }
        int pinned = mode == PolicyMode.PINNED ? (Integer) nodes : 0;
        FamilyPolicy policy = FamilyPolicy.newBuilder()
                .setFamily(family)
                .setMode(mode)
                .setPinnedNodes(pinned)
                .setTimestamp(Instant.now())
                .setUser(user)
                .setReason(reason)
                .build();
        Future<Void> sent;
        try {
            sent = state.setPolicy(policy);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        JsonObject accepted = new JsonObject().put("family", family).put("mode", mode.name());
        if (mode == PolicyMode.PINNED) {
            accepted.put("nodes", pinned);
        }
        sent.onComplete(ar -> {
            if (ar.succeeded()) {
                JsonAnswers.json(ctx, 202, accepted.encode());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private static PolicyMode mode(Object raw) {
        if (!(raw instanceof String s)) {
            return null;
        }
        try {
            return PolicyMode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The string, {@code absent} when missing, null when it is not a short string. */
    private static String text(Object raw, String absent) {
        if (raw == null) {
            return absent;
        }
        return raw instanceof String s && s.length() <= MAX_TEXT ? s : null;
    }
}
