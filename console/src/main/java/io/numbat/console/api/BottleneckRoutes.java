package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.view.AlarmEntry;
import io.numbat.schemas.Alarm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/bottlenecks}: the live {@code bottleneck} alarms of the fleet, worst and newest first, node
 * alarms and family alarms, each with its culprit; a family alarm also lists the nodes whose own bottleneck alarm
 * of the same measure names the same process type.
 */
final class BottleneckRoutes {
    static final String TYPE = "bottleneck";
    static final int MAX_NODES_PER_FAMILY_ALARM = 50;

    private final LiveView view;

    BottleneckRoutes(LiveView view) {
        this.view = view;
    }

    void mount(Router router) {
        router.get("/api/bottlenecks").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        List<AlarmEntry> all = view.alarms().list(null, null, null).stream()
                .filter(e -> TYPE.equals(e.alarm().getType()))
                .toList();
        JsonArray out = new JsonArray();
        for (AlarmEntry e : all) {
            JsonObject j = ViewJson.alarm(e);
            if (e.alarm().getNode() == null) {
                j.put("nodes", nodesOf(e.alarm(), all));
            }
            out.add(j);
        }
        ApiError.json(ctx, 200, new JsonObject().put("total", out.size()).put("alarms", out));
    }

    private static JsonArray nodesOf(Alarm family, List<AlarmEntry> all) {
        String type = family.getCulprit() == null ? null : family.getCulprit().getProcess();
        JsonArray nodes = new JsonArray();
        all.stream()
                .map(AlarmEntry::alarm)
                .filter(a -> a.getNode() != null
                        && Objects.equals(a.getFamily(), family.getFamily())
                        && Objects.equals(a.getMetric(), family.getMetric())
                        && a.getCulprit() != null
                        && a.getCulprit().getProcess().equals(type))
                .map(Alarm::getNode)
                .distinct()
                .limit(MAX_NODES_PER_FAMILY_ALARM)
                .forEach(nodes::add);
        return nodes;
    }
}
