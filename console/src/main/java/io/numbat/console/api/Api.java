package io.numbat.console.api;

import io.numbat.bridge.access.AccessCheck;
import io.numbat.console.ConsoleConfig;
import io.numbat.console.LiveView;
import io.numbat.console.deploy.DeployerClient;
import io.numbat.console.intake.Intake;
import io.numbat.console.metrics.ConsoleMetrics;
import io.numbat.console.sse.SseHub;
import io.numbat.schemas.health.Health;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The console's HTTP routes: the access guard, {@code /api/*} (scale requests go on to the deployer), {@code /api/events}, {@code /metrics},
 * {@code /health}, and the operator's page at {@code /}.
 */
public final class Api {
    static final long MAX_BODY_BYTES = 16 * 1024;

    private Api() {}

    /** {@code /health}: the intake's Kafka clients (live, caught up) and what the view holds. */
    private static void health(RoutingContext ctx, LiveView view, Intake intake) {
        Health kafka = intake.health();
        Map<String, Object> checks = new LinkedHashMap<>(kafka.checks());
        checks.put("nodes", view.fleet().size());
        checks.put("alarms", view.alarms().size());
        checks.put("skipped", view.skippedByTopic());
        Map<String, Long> dead = new TreeMap<>();
        LiveView.topics().forEach(t -> dead.put(t, view.deadLetteredCount(t)));
        checks.put("deadLettered", dead);
        Health h = new Health(kafka.live(), kafka.ready(), checks);
        ctx.response()
                .setStatusCode(h.httpStatus(Health.Probe.ofPath(ctx.request().path())))
                .putHeader("Content-Type", "application/json")
                .end(h.toJson());
    }

    public static Router router(
            Vertx vertx,
            ConsoleConfig config,
            LiveView view,
            Intake intake,
            SseHub hub,
            ConsoleMetrics metrics,
            Optional<DeployerClient> deployer,
            LongSupplier clock) {
        Router router = Router.router(vertx);
        router.route().handler(Params::refuseMalformedQuery);
        router.route()
                .handler(new AccessCheck("console", config.token(), config.loopbackOnly(), ApiError::send)
                        .acceptingQueryToken()); // the page's EventSource cannot set headers
        router.route(HttpMethod.POST, "/api/*")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.getWithRegex("/health(/live|/ready)?").handler(ctx -> health(ctx, view, intake));
        router.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", ConsoleMetrics.CONTENT_TYPE)
                        .end(metrics.scrape(clock.getAsLong())));
        router.get("/api/events").handler(hub::attach);
        // Manage (before FleetRoutes, whose /api/nodes/{node} would take these paths)
        new TopRoutes(view, clock).mount(router);
        new ProcessRoutes(vertx, view, intake, clock, config.commandTimeout()).mount(router);
        new ActionRoutes(vertx, view, intake, clock, config.operatorToken(), config.commandTimeout()).mount(router);
        new BottleneckRoutes(view).mount(router);
        new AnomalyRoutes(view).mount(router); // before FleetRoutes too
        new FleetRoutes(view, clock).mount(router);
        new AlarmRoutes(view, intake, clock).mount(router);
        new DeploymentRoutes(view, deployer).mount(router);
        new RemediationRoutes(view, intake, clock).mount(router);
        new SilenceRoutes(view, intake, clock, config.operatorToken()).mount(router);
        new AutoscalingRoutes(view, deployer, clock, config.operatorToken()).mount(router);
        router.route("/api/*")
                .handler(ctx -> ApiError.send(
                        ctx, 404, "no such resource: " + ctx.request().path()));
        ChartLibrary.mount(router);
        // the operator's page: static files, no CDN, no build step
        router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().failureHandler(ApiError::handle);
        // the router's own refusals (no route 404, wrong method 405, a path it cannot route 400) are JSON too
        for (int status = 400; status < 600; status++) {
            router.errorHandler(status, ApiError.refusal(status));
        }
        return router;
    }
}
