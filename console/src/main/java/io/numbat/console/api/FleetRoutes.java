package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.view.AlarmEntry;
import io.numbat.console.view.NodeLog;
import io.numbat.console.view.NodePage;
import io.numbat.console.view.NodeView;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.Severity;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/fleet}, {@code GET /api/nodes} (paged, searchable), {@code GET /api/nodes/{node}} (with its
 * recent error log events, and each alarm's reference to them) and {@code GET /api/families/{family}/trends} (the processor's roll-ups of the family's key metrics).
 */
final class FleetRoutes {
    static final int MAX_PAGE_SIZE = 500;
    /** An alarm on a node refers to the node's log events from this long before the alarm's time on. */
    static final Duration LOGS_BEFORE_ALARM = Duration.ofMinutes(10);

    private final LiveView view;
    private final LongSupplier clock;

    FleetRoutes(LiveView view, LongSupplier clock) {
        this.view = view;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/api/fleet").handler(this::fleet);
        router.get("/api/nodes").handler(this::nodes);
        router.routeWithRegex(HttpMethod.GET, "/api/nodes/(?<node>.+)").handler(this::node);
        router.get("/api/families/:family/trends").handler(this::familyTrends);
    }

    private void familyTrends(RoutingContext ctx) {
        String family = Params.path(ctx, "family");
        if (!view.fleet().hasFamily(family) && view.fleet().familyTrends(family).isEmpty()) {
            throw ApiError.notFound("no family '" + family + "'");
        }
        JsonArray trends =
                view.fleet().familyTrends(family).map(ViewJson::trends).orElseGet(JsonArray::new);
        ApiError.json(ctx, 200, new JsonObject().put("family", family).put("trends", trends));
    }

    private void fleet(RoutingContext ctx) {
        ApiError.json(ctx, 200, FleetJson.summary(view, clock.getAsLong()));
    }

    private void nodes(RoutingContext ctx) {
        String family = Params.text(ctx, "family");
        String q = Params.text(ctx, "q");
        int page = Params.integer(ctx, "page", 0, 0, 1_000_000);
        int size = Params.integer(ctx, "size", 50, 1, MAX_PAGE_SIZE);
        if (family != null && !view.fleet().hasFamily(family)) {
            throw ApiError.notFound("no family '" + family + "'");
        }
        NodePage p = view.fleet().page(family, q, page, size);
        long now = clock.getAsLong();
        Map<String, Severity> worst = view.alarms().worstByNode();
        JsonArray nodes = new JsonArray();
        for (NodeView n : p.nodes()) {
            nodes.add(FleetJson.node(view, n, now, worst));
        }
        ApiError.json(
                ctx,
                200,
                new JsonObject()
                        .put("total", p.total())
                        .put("page", p.page())
                        .put("size", p.size())
                        .put("nodes", nodes));
    }

    /**
     * An alarm's reference to the node's error log events: how many the console holds from {@link #LOGS_BEFORE_ALARM}
     * before the alarm's time on, and the latest of them (its time and level), which the node page shows with the alarm.
     */
    static JsonObject alarmLogs(NodeView n, AlarmEntry e) {
        long since = e.alarm().getTimestamp().toEpochMilli() - LOGS_BEFORE_ALARM.toMillis();
        List<NodeLog> around = n.logsSince(since);
        JsonObject j = new JsonObject().put("since", since).put("count", around.size());
        if (!around.isEmpty()) {
            NodeLog latest = around.get(around.size() - 1);
            j.put("latest", latest.timestamp()).put("latestLevel", latest.level());
        }
        return j;
    }

    private void node(RoutingContext ctx) {
        String name = Params.path(ctx, "node");
        NodeView n = view.fleet().find(name).orElseThrow(() -> ApiError.notFound("no node '" + name + "'"));
        long now = clock.getAsLong();
        JsonObject j = FleetJson.node(view, n, now, view.alarms().worstByNode());
        j.put("history", ViewJson.history(n));
        JsonArray forecasts = new JsonArray();
        for (ExhaustionForecast f : view.fleet().forecasts(n, now)) {
            forecasts.add(ViewJson.forecast(f));
        }
        JsonArray alarms = new JsonArray();
        for (AlarmEntry e : view.alarms().list(null, null, name)) {
            alarms.add(ViewJson.alarm(e).put("logs", alarmLogs(n, e)));
        }
        JsonArray events = new JsonArray();
        n.events().forEach(e -> events.add(ViewJson.event(e)));
        JsonArray logs = new JsonArray();
        List<NodeLog> recent = n.logs();
        for (int i = recent.size() - 1; i >= 0; i--) {
            logs.add(ViewJson.log(recent.get(i)));
        }
        ApiError.json(
                ctx,
                200,
                j.put("forecasts", forecasts)
                        .put("alarms", alarms)
                        .put("events", events)
                        .put("logs", logs)
                        .put("trends", ViewJson.trends(n.trends())));
    }
}
