package io.numbat.console.api;

import io.numbat.console.ConsoleConfig;
import io.numbat.console.LiveView;
import io.numbat.console.deploy.DeployerClient;
import io.numbat.console.intake.Intake;
import io.numbat.console.metrics.ConsoleMetrics;
import io.numbat.console.sse.SseHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The console's HTTP routes: the access guard, {@code /api/*} (scale requests go on to the deployer), {@code /api/events}, {@code /metrics},
 * {@code /health}, and the operator's page at {@code /}.
 */
public final class Api {
    static final long MAX_BODY_BYTES = 16 * 1024;

    private Api() {
    }

    public static Router router(Vertx vertx, ConsoleConfig config, LiveView view, Intake intake, SseHub hub,
                                ConsoleMetrics metrics, Optional<DeployerClient> deployer, LongSupplier clock) {
        Router router = Router.router(vertx);
        router.route().handler(new AccessGuard(config.token(), config.loopbackOnly()));
        router.route(HttpMethod.POST, "/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/health").handler(ctx -> ApiError.json(ctx, 200, new JsonObject().put("status", "UP")
                .put("nodes", view.fleet().size()).put("alarms", view.alarms().size())
                .put("skipped", new JsonObject(new java.util.LinkedHashMap<>(view.skippedByTopic())))));
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", ConsoleMetrics.CONTENT_TYPE)
                .end(metrics.scrape(clock.getAsLong())));
        router.get("/api/events").handler(hub::attach);
        new FleetRoutes(view, clock).mount(router);
        new AlarmRoutes(view, intake, clock).mount(router);
        new DeploymentRoutes(view, deployer).mount(router);
        router.route("/api/*").handler(ctx -> ApiError.send(ctx, 404, "no such resource: " + ctx.request().path()));
        // the operator's page: one static file, no CDN, no build step
        router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().failureHandler(ApiError::handle);
        return router;
    }
}
