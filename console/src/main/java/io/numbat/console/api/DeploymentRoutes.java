package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.deploy.DeployerClient;
import io.numbat.console.view.DeploymentBoard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET /api/deployments} (requests from {@code numbat.deployments} with their nodes' states) and
 * {@code POST /api/families/{family}/scale {"nodes": N}}, checked here and passed on to the deployer's
 * REST API, whose answer (status and body) comes back as it is.
 */
final class DeploymentRoutes {
    static final int MAX_REQUESTS = 100;
    static final int MAX_NODES = 100_000;

    private final LiveView view;
    private final Optional<DeployerClient> deployer;

    DeploymentRoutes(LiveView view, Optional<DeployerClient> deployer) {
        this.view = view;
        this.deployer = deployer;
    }

    void mount(Router router) {
        router.get("/api/deployments").handler(this::list);
        router.post("/api/families/:family/scale").handler(this::scale);
    }

    private void list(RoutingContext ctx) {
        JsonArray requests = new JsonArray();
        for (DeploymentBoard.Request r : view.deployments().requests(MAX_REQUESTS)) {
            JsonArray nodes = new JsonArray();
            r.nodes()
                    .forEach((n, s) -> nodes.add(new JsonObject().put("node", n).put("state", s.name())));
            requests.add(new JsonObject()
                    .put("request", r.id())
                    .put("family", r.family())
                    .put("started", r.started())
                    .put("updated", r.updated())
                    .put("inProgress", r.inProgress())
                    .put("byState", ViewJson.counts(r.byState()))
                    .put("nodes", nodes));
        }
        ApiError.json(
                ctx,
                200,
                new JsonObject()
                        .put("total", view.deployments().size())
                        .put("deployer", deployer.map(DeployerClient::url).orElse(null))
                        .put("requests", requests));
    }

    private void scale(RoutingContext ctx) {
        String family = Params.path(ctx, "family");
        int nodes = nodes(ctx);
        DeployerClient d = deployer.orElseThrow(() -> new ApiError(503, AutoscalingRoutes.NO_DEPLOYER));
        d.scale(family, nodes).onComplete(r -> DeployerRelay.relay(ctx, d, r));
    }

    private static int nodes(RoutingContext ctx) {
        JsonObject body = AlarmRoutes.body(ctx);
        Object v = body.getValue("nodes");
        if (!(v instanceof Integer n)) {
            throw ApiError.badRequest(
                    "body must be {\"nodes\": N} with N an integer, got " + (v == null ? "no nodes" : v));
        }
        if (n < 0 || n > MAX_NODES) {
            throw ApiError.badRequest("nodes must be between 0 and " + MAX_NODES + ", got " + n);
        }
        return n;
    }
}
