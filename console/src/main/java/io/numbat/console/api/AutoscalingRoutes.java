package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.deploy.DeployerClient;
import io.numbat.schemas.FamilyPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Autoscaling per family, on top of the deployer's family policies (not a mechanism of its own). {@code GET
 * /api/autoscaling}: each family (of the fleet, or with a policy) and its mode from {@code numbat.family-policies}
 * (AUTO when none was set). {@code POST /api/families/{family}/autoscaling/pause|resume} with {@code {"reason",
 * "user"}}: passed on to the deployer's {@code PUT /api/families/{family}/policy} as PAUSED or AUTO, whose answer
 * comes back as it is; the deployer writes the policy and its audit record. Needs the console's operator token, as
 * silences do.
 */
final class AutoscalingRoutes {
    static final String NO_DEPLOYER = "the console does not know the deployer (start it with --deployer URL)";

    private final LiveView view;
    private final Optional<DeployerClient> deployer;
    private final LongSupplier clock;
    private final boolean enabled;

    AutoscalingRoutes(LiveView view, Optional<DeployerClient> deployer, LongSupplier clock, Optional<String> token) {
        this.view = view;
        this.deployer = deployer;
        this.clock = clock;
        this.enabled = token.isPresent();
    }

    void mount(Router router) {
        router.get("/api/autoscaling").handler(this::list);
        router.post("/api/families/:family/autoscaling/:verb").handler(this::change);
    }

    private void list(RoutingContext ctx) {
        Map<String, FamilyPolicy> policies = view.silences().policies();
        TreeSet<String> families = new TreeSet<>(policies.keySet());
        view.fleet().families(Map.of(), clock.getAsLong()).forEach(f -> families.add(f.family()));
        JsonArray out = new JsonArray();
        for (String f : families) {
            FamilyPolicy p = policies.get(f);
            out.add(p == null ? new JsonObject().put("family", f).put("mode", "AUTO") : SilenceJson.policy(p));
        }
        ApiError.json(
                ctx,
                200,
                new JsonObject()
                        .put("changesEnabled", enabled && deployer.isPresent())
                        .put(
                                "disabledReason",
                                !enabled ? SilenceRoutes.NO_TOKEN : deployer.isEmpty() ? NO_DEPLOYER : null)
                        .put("families", out));
    }

    private void change(RoutingContext ctx) {
        String family = Params.path(ctx, "family");
        String verb = ctx.pathParam("verb");
        String mode = switch (verb) {
            case "pause" -> "PAUSED";
            case "resume" -> "AUTO";
            default -> throw ApiError.notFound("no such resource: autoscaling/" + verb + " (pause or resume)");
        };
        SilenceRoutes.requireToken(enabled);
        JsonObject body = AlarmRoutes.body(ctx);
        String reason = SilenceRequest.string(body, "reason");
        if (reason == null) {
            throw ApiError.badRequest("reason is required: say why (it is kept with the audit record)");
        }
        String user = Optional.ofNullable(SilenceRequest.string(body, "user")).orElse("operator");
        DeployerClient d = deployer.orElseThrow(() -> new ApiError(503, NO_DEPLOYER));
        d.policy(
                        family,
                        new JsonObject().put("mode", mode).put("reason", reason).put("user", user))
                .onComplete(r -> DeployerRelay.relay(ctx, d, r));
    }
}
