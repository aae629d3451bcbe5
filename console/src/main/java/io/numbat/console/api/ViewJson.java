package io.numbat.console.api;

import io.numbat.console.view.AlarmEntry;
import io.numbat.console.view.FamilySummary;
import io.numbat.console.view.Health;
import io.numbat.console.view.KeyMetric;
import io.numbat.console.view.MetricHistory;
import io.numbat.console.view.NodeEntry;
import io.numbat.console.view.NodeLog;
import io.numbat.console.view.NodeState;
import io.numbat.console.view.NodeView;
import io.numbat.console.view.Trend;
import io.numbat.console.view.TrendTable;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricTrend;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** JSON forms of the view's objects for the REST API and SSE; times are epoch milliseconds, NaN is null. */
public final class ViewJson {
    static final Duration TREND_WINDOW = Duration.ofMinutes(10);

    private ViewJson() {}

    public static JsonObject alarm(AlarmEntry e) {
        Alarm a = e.alarm();
        JsonObject j = new JsonObject()
                .put("id", a.getId())
                .put("node", a.getNode())
                .put("family", a.getFamily())
                .put("type", a.getType())
                .put("state", a.getState().name())
                .put("severity", a.getSeverity().name())
                .put("timestamp", a.getTimestamp().toEpochMilli())
                .put("cause", a.getCause())
                .put("metric", a.getMetric() == null ? null : MetricId.nameOf(a.getMetric()))
                .put("value", num(a.getValue()))
                .put("limit", num(a.getLimit()))
                .put("secondsToExhaustion", num(a.getSecondsToExhaustion()))
                .put("culprit", a.getCulprit() == null ? null : ManageJson.process(a.getCulprit()))
                .put("acknowledged", e.acknowledged())
                .put("silenced", a.getSilenced())
                .put("silenceId", a.getSilenceId());
        AlarmAck ack = e.ack();
        if (ack != null) {
            j.put("ack", ack(ack));
        }
        return j;
    }

    public static JsonObject ack(AlarmAck ack) {
        return new JsonObject()
                .put("alarmId", ack.getAlarmId())
                .put("acknowledged", ack.getAcknowledged())
                .put("comment", ack.getComment())
                .put("user", ack.getUser())
                .put("timestamp", ack.getTimestamp().toEpochMilli());
    }

    public static JsonObject family(FamilySummary f) {
        return new JsonObject()
                .put("family", f.family())
                .put("nodes", f.nodes())
                .put("byState", counts(f.byState()))
                .put("byHealth", counts(f.byHealth()));
    }

    static <E extends Enum<E>> JsonObject counts(Map<E, Integer> m) {
        JsonObject j = new JsonObject();
        m.forEach((k, v) -> j.put(k.name(), v));
        return j;
    }

    /** A node in a list: state, health, last seen and the latest key metrics with their limits. */
    public static JsonObject node(NodeView n, NodeState state, Health health) {
        JsonObject metrics = new JsonObject();
        for (KeyMetric k : KeyMetric.values()) {
            metrics.put(
                    k.metricName(),
                    new JsonObject().put("value", num(n.latest(k))).put("limit", num(n.limit(k))));
        }
        return new JsonObject()
                .put("node", n.node())
                .put("family", n.family())
                .put("state", state.name())
                .put("health", health.name())
                .put("lastSeen", n.lastSeen() == 0 ? null : n.lastSeen())
                .put(
                        "deployment",
                        n.deployment() == null ? null : n.deployment().name())
                .put("metrics", metrics);
    }

    /**
     * The hour of history of each key metric, as {@code [[timestamp, value], ...]} in 30 s slots, with
     * its limit and its trend (the slope per minute over the last 10 minutes, null with too few points).
     */
    public static JsonObject history(NodeView n) {
        JsonObject h = new JsonObject();
        for (KeyMetric k : KeyMetric.values()) {
            JsonArray points = new JsonArray();
            List<MetricHistory.Point> history = n.history(k);
            for (MetricHistory.Point p : history) {
                points.add(new JsonArray().add(p.timestamp()).add(num(p.value())));
            }
            OptionalDouble trend = Trend.perMinute(history, TREND_WINDOW);
            h.put(
                    k.metricName(),
                    new JsonObject()
                            .put("limit", num(n.limit(k)))
                            .put("points", points)
                            .put("trendPerMinute", trend.isPresent() ? num(trend.getAsDouble()) : null));
        }
        return h;
    }

    public static JsonObject forecast(ExhaustionForecast f) {
        return new JsonObject()
                .put("metric", MetricId.nameOf(f.getMetric()))
                .put("timestamp", f.getTimestamp().toEpochMilli())
                .put("value", num(f.getValue()))
                .put("limit", num(f.getLimit()))
                .put("secondsToExhaustion", num(f.getSecondsToExhaustion()))
                .put("confidence", num(f.getConfidence()));
    }

    public static JsonArray trends(TrendTable table) {
        JsonArray out = new JsonArray();
        for (MetricTrend t : table.all()) {
            long start = t.getWindowStart().toEpochMilli();
            long end = t.getWindowEnd().toEpochMilli();
            out.add(new JsonObject()
                    .put("metric", MetricId.nameOf(t.getMetric()))
                    .put("windowSeconds", (end - start) / 1000)
                    .put("windowStart", start)
                    .put("windowEnd", end)
                    .put("count", t.getCount())
                    .put("mean", num(t.getMean()))
                    .put("min", num(t.getMin()))
                    .put("max", num(t.getMax()))
                    .put("last", num(t.getLast()))
                    .put("slopePerSecond", num(t.getSlope()))
                    .put("rate", num(t.getRate())));
        }
        return out;
    }

    public static JsonObject event(NodeEntry e) {
        return new JsonObject()
                .put("timestamp", e.timestamp())
                .put("source", e.source())
                .put("kind", e.kind())
                .put("detail", e.detail());
    }

    public static JsonObject log(NodeLog l) {
        JsonObject metadata = new JsonObject();
        new TreeMap<>(l.metadata()).forEach(metadata::put);
        return new JsonObject()
                .put("timestamp", l.timestamp())
                .put("level", l.level())
                .put("message", l.message())
                .put("report", l.report())
                .put("metadata", metadata)
                .put("dropped", l.dropped());
    }

    /** {@code v}, or null when it is absent, NaN or infinite (JSON has no such numbers). */
    static Double num(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }
}
