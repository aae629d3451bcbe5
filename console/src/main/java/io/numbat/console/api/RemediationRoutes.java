package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.intake.Intake;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/remediations?family=&node=&state=&limit=}: each remediation's latest state from
 * {@code numbat.remediations}, newest first; {@code GET /api/remediations/{id}}: one. {@code POST
 * /api/remediations/{id}/approve|reject} with {@code {"reason": "...", "user": "..."}}: an operator's verdict on a
 * PROPOSED remediation, published on {@code numbat.remediation-commands} for the stream processor, which decides
 * (202); the remediation's next state arrives on {@code numbat.remediations}. Unknown id 404; a remediation not
 * waiting for a verdict (or an approval of a notification) 409 naming its state.
 */
final class RemediationRoutes {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 2000;

    private final LiveView view;
    private final Intake intake;
    private final LongSupplier clock;

    RemediationRoutes(LiveView view, Intake intake, LongSupplier clock) {
        this.view = view;
        this.intake = intake;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/remediations").handler(this::list);
        router.routeWithRegex(HttpMethod.POST, "/api/remediations/(?<id>.+)/(?<verdict>approve|reject)")
                .handler(this::decide);
        router.routeWithRegex(HttpMethod.GET, "/api/remediations/(?<id>.+)").handler(this::one);
    }

    private void list(RoutingContext ctx) {
        String family = Params.text(ctx, "family");
        String node = Params.text(ctx, "node");
        List<RemediationState> states = states(Params.text(ctx, "state"));
        int limit = Params.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (family != null
                && !view.fleet().hasFamily(family)
                && !view.remediations().hasFamily(family)) {
            throw ApiError.notFound("no family '" + family + "'");
        }
        if (node != null
                && view.fleet().find(node).isEmpty()
                && !view.remediations().hasNode(node)) {
            throw ApiError.notFound("no node '" + node + "'");
        }
        List<Remediation> all = view.remediations().list(family, node, states);
        JsonArray out = new JsonArray();
        all.stream().limit(limit).forEach(r -> out.add(RemediationJson.remediation(r)));
        ApiError.json(ctx, 200, new JsonObject().put("total", all.size()).put("remediations", out));
    }

    private void one(RoutingContext ctx) {
        ApiError.json(ctx, 200, RemediationJson.remediation(known(Params.path(ctx, "id"))));
    }

    private void decide(RoutingContext ctx) {
        String id = Params.path(ctx, "id");
        RemediationVerdict verdict =
                "approve".equals(ctx.pathParam("verdict")) ? RemediationVerdict.APPROVE : RemediationVerdict.REJECT;
        VerdictRequest req = VerdictRequest.parse(verdict, AlarmRoutes.body(ctx));
        Remediation r = known(id);
        if (r.getState() != RemediationState.PROPOSED) {
            throw new ApiError(
                    409, "remediation " + id + " is " + r.getState() + ", not waiting for a verdict: " + r.getReason());
        }
        if (verdict == RemediationVerdict.APPROVE && r.getMode() == RemediationMode.NOTIFY) {
            throw new ApiError(
                    409,
                    "remediation " + id + " is PROPOSED in mode NOTIFY (its family and cause only notify): it can be "
                            + "rejected, not approved");
        }
        RemediationCommand command = RemediationCommand.newBuilder()
                .setRemediationId(id)
                .setFamily(r.getFamily())
                .setVerdict(verdict)
                .setWho(req.user())
                .setReason(req.reason().orElse(null))
                .setTimestamp(Instant.ofEpochMilli(clock.getAsLong()))
                .build();
        intake.decide(command).onComplete(sent -> {
            if (sent.failed()) {
                ApiError.send(
                        ctx,
                        503,
                        "could not publish the " + verdict + " on " + Topics.REMEDIATION_COMMANDS.name() + ": "
                                + sent.cause().getMessage());
                return;
            }
            ApiError.json(
                    ctx,
                    202,
                    new JsonObject()
                            .put("command", RemediationJson.command(command))
                            .put("remediation", RemediationJson.remediation(r))
                            .put(
                                    "message",
                                    verdict + " of " + id + " by " + req.user() + " sent on "
                                            + Topics.REMEDIATION_COMMANDS.name()
                                            + "; the stream processor decides, and the remediation's next state "
                                            + "will show here"));
        });
    }

    private Remediation known(String id) {
        return view.remediations()
                .find(id)
                .orElseThrow(() -> ApiError.notFound("no remediation '" + id + "' (the console knows "
                        + view.remediations().size() + "; GET /api/remediations lists them)"));
    }

    /** {@code state=PROPOSED,executing}: any of these states; null or empty: any. */
    private static List<RemediationState> states(String text) {
        if (text == null) {
            return List.of();
        }
        List<RemediationState> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                out.add(RemediationState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("state must be one or more of "
                        + Arrays.toString(RemediationState.values()).toLowerCase(Locale.ROOT)
                        + " (comma-separated), got '"
                        + s.strip() + "'");
            }
        }
        return out;
    }
}
