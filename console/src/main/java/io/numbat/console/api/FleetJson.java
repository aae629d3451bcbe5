package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.view.AlarmEntry;
import io.numbat.console.view.FamilySummary;
import io.numbat.console.view.FleetView;
import io.numbat.console.view.Health;
import io.numbat.console.view.NodeState;
import io.numbat.console.view.NodeView;
import io.numbat.schemas.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The fleet summary (families, totals, top alarms, deployments in progress) shown by {@code /api/fleet} and SSE. */
public final class FleetJson {
    static final int TOP_ALARMS = 10;
    static final int DEPLOYMENTS = 50;

    private FleetJson() {}

    public static JsonObject summary(LiveView view, long now) {
        FleetView fleet = view.fleet();
        Map<String, Severity> worst = view.alarms().worstByNode();
        List<FamilySummary> families = fleet.families(worst, now);
        JsonArray fams = new JsonArray();
        Map<NodeState, Integer> byState = new EnumMap<>(NodeState.class);
        Map<Health, Integer> byHealth = new EnumMap<>(Health.class);
        int nodes = 0;
        for (FamilySummary f : families) {
            fams.add(ViewJson.family(f));
            nodes += f.nodes();
            f.byState().forEach((k, v) -> byState.merge(k, v, Integer::sum));
            f.byHealth().forEach((k, v) -> byHealth.merge(k, v, Integer::sum));
        }
        JsonArray top = new JsonArray();
        for (AlarmEntry e : view.alarms().top(TOP_ALARMS)) {
            top.add(ViewJson.alarm(e));
        }
        JsonArray deployments = new JsonArray();
        for (NodeView n : fleet.deploymentsInProgress(DEPLOYMENTS)) {
            deployments.add(new JsonObject()
                    .put("node", n.node())
                    .put("family", n.family())
                    .put("state", n.deployment().name()));
        }
        return new JsonObject()
                .put("nodes", nodes)
                .put("alarms", view.alarms().size())
                .put("byState", ViewJson.counts(byState))
                .put("byHealth", ViewJson.counts(byHealth))
                .put("families", fams)
                .put("topAlarms", top)
                .put("deploymentsInProgress", deployments);
    }

    /** A node in a list, with its state and health at {@code now}. */
    public static JsonObject node(LiveView view, NodeView n, long now, Map<String, Severity> worst) {
        NodeState s = view.fleet().state(n, now);
        return ViewJson.node(n, s, Health.of(s, worst.get(n.node())));
    }
}
