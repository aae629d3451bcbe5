package io.numbat.console.api;

import io.numbat.console.LiveView;
import io.numbat.console.view.AnomalyHistory;
import io.numbat.console.view.AnomalyHistory.MetricScore;
import io.numbat.console.view.AnomalyHistory.Minute;
import io.numbat.console.view.NodeView;
import io.numbat.schemas.MetricId;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/nodes/{node}/anomaly?minutes=N}: the node's anomaly scores of the last N minutes (1-60, default 60)
 * as the processor published them ({@code numbat.anomaly-scores}): per minute the highest score and its metric and
 * every watched metric's max, last and samples; per metric its highest score of the range (the node page's table);
 * and the anomaly alarm's threshold, drawn as a line on the chart.
 */
final class AnomalyRoutes {
    private final LiveView view;

    AnomalyRoutes(LiveView view) {
        this.view = view;
    }

    void mount(Router router) {
        router.routeWithRegex(HttpMethod.GET, "/api/nodes/(?<node>.+)/anomaly").handler(this::anomaly);
    }

    private void anomaly(RoutingContext ctx) {
        String name = Params.path(ctx, "node");
        int range = Params.integer(ctx, "minutes", AnomalyHistory.MINUTES, 1, AnomalyHistory.MINUTES);
        NodeView n = view.fleet().find(name).orElseThrow(() -> ApiError.notFound("no node '" + name + "'"));
        List<Minute> all = n.anomalies().map(AnomalyHistory::minutes).orElse(List.of());
        List<Minute> minutes = recent(all, range);
        ApiError.json(
                ctx,
                200,
                new JsonObject()
                        .put("node", n.node())
                        .put("family", n.family())
                        .put(
                                "threshold",
                                n.anomalies().map(AnomalyHistory::threshold).orElse(AnomalyHistory.DEFAULT_THRESHOLD))
                        .put("windowSeconds", AnomalyHistory.WINDOW_MILLIS / 1000)
                        .put("minutes", minutes(minutes))
                        .put("metrics", byMetric(minutes)));
    }

    /** The minutes of the last {@code range} before the newest one's end. */
    private static List<Minute> recent(List<Minute> all, int range) {
        if (all.isEmpty()) {
            return all;
        }
        long from = all.get(all.size() - 1).start() - (range - 1) * AnomalyHistory.WINDOW_MILLIS;
        return all.stream().filter(m -> m.start() >= from).toList();
    }

    private static JsonArray minutes(List<Minute> minutes) {
        JsonArray out = new JsonArray();
        for (Minute m : minutes) {
            MetricScore top = m.top();
            JsonArray scores = new JsonArray();
            m.scores().forEach(s -> scores.add(score(s)));
            out.add(new JsonObject()
                    .put("windowStart", m.start())
                    .put("windowEnd", m.start() + AnomalyHistory.WINDOW_MILLIS)
                    .put("threshold", m.threshold())
                    .put("max", top.max())
                    .put("metric", MetricId.nameOf(top.metric()))
                    .put("scores", scores));
        }
        return out;
    }

    private static JsonObject score(MetricScore s) {
        return new JsonObject()
                .put("metric", MetricId.nameOf(s.metric()))
                .put("max", s.max())
                .put("last", s.last())
                .put("samples", s.samples());
    }

    /** Per metric, its highest score of the range and when (the first minute at it), highest first. */
    private static JsonArray byMetric(List<Minute> minutes) {
        Map<Integer, Long> at = new LinkedHashMap<>();
        Map<Integer, MetricScore> best = new LinkedHashMap<>();
        Map<Integer, MetricScore> latest = new LinkedHashMap<>();
        for (Minute m : minutes) {
            for (MetricScore s : m.scores()) {
                MetricScore b = best.get(s.metric());
                if (b == null || s.max() > b.max()) {
                    best.put(s.metric(), s);
                    at.put(s.metric(), m.start());
                }
                latest.put(s.metric(), s);
            }
        }
        List<MetricScore> sorted = new ArrayList<>(best.values());
        sorted.sort(Comparator.comparingDouble(MetricScore::max).reversed().thenComparingInt(MetricScore::metric));
        JsonArray out = new JsonArray();
        for (MetricScore s : sorted) {
            out.add(new JsonObject()
                    .put("metric", MetricId.nameOf(s.metric()))
                    .put("max", s.max())
                    .put("at", at.get(s.metric()))
                    .put("last", latest.get(s.metric()).last()));
        }
        return out;
    }
}
