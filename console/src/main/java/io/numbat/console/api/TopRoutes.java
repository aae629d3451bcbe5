package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.manage.NodeTop;
import io.numbat.console.manage.TopBoard;
import io.numbat.schemas.TopKey;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/nodes/{node}/top?by=reductions|memory|queue}: the node's top processes of its latest tick, one
 * row per process with all three measures, sorted by {@code by} (default reductions). Asking watches the node
 * ({@link TopBoard}): its table fills at its next tick and follows every tick while someone keeps asking.
 */
final class TopRoutes {
    private final LiveView view;
    private final LongSupplier clock;

    TopRoutes(LiveView view, LongSupplier clock) {
        this.view = view;
        this.clock = clock;
    }

    void mount(Router router) {
        router.routeWithRegex(HttpMethod.GET, "/api/nodes/(?<node>[^/]+)/top").handler(this::top);
    }

    private void top(RoutingContext ctx) {
        String node = Params.path(ctx, "node");
        TopKey by = by(Params.text(ctx, "by"));
        if (view.fleet().find(node).isEmpty()) {
            throw ApiError.notFound("no node '" + node + "'");
        }
        view.tops().watch(node, clock.getAsLong());
        Optional<NodeTop> top = view.tops().find(node);
        JsonArray rows = new JsonArray();
        top.ifPresent(t -> t.sorted(by).forEach(p -> rows.add(ManageJson.process(p))));
        ApiError.json(
                ctx,
                200,
                new JsonObject()
                        .put("node", node)
                        .put("by", by.name().toLowerCase(Locale.ROOT))
                        .put("timestamp", top.map(NodeTop::timestamp).orElse(null))
                        .put("windowMillis", top.map(NodeTop::windowMillis).orElse(null))
                        .put("watchSeconds", TopBoard.WATCH.toSeconds())
                        .put("processes", rows));
    }

    static TopKey by(String v) {
        if (v == null) {
            return TopKey.REDUCTIONS;
        }
        try {
            return TopKey.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("by must be reductions, memory or queue, got '" + v + "'");
        }
    }
}
