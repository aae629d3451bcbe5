package io.numbat.console.view;

import io.numbat.schemas.MetricTrend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest trend of each key metric per window size (1 min, 5 min, 1 h) of one node or family,
 * as the stream processor published it: at most key metrics × window sizes entries.
 */
public final class TrendTable {
    static final int MAX_WINDOWS = 4;
    private final Map<Integer, Map<Long, MetricTrend>> trends = new TreeMap<>();

    /** Keeps {@code t} if it is the newest of its metric and window size. */
    void put(MetricTrend t) {
        long size = t.getWindowEnd().toEpochMilli() - t.getWindowStart().toEpochMilli();
        Map<Long, MetricTrend> bySize = trends.computeIfAbsent(t.getMetric(), m -> new TreeMap<>());
        MetricTrend old = bySize.get(size);
        if (old == null && bySize.size() >= MAX_WINDOWS) {
            return;
        }
        if (old == null || !t.getWindowEnd().isBefore(old.getWindowEnd())) {
            bySize.put(size, t);
        }
    }

    /** Every trend kept, by metric, then window size (smallest first). */
    public List<MetricTrend> all() {
        List<MetricTrend> out = new ArrayList<>();
        trends.values().forEach(bySize -> out.addAll(bySize.values()));
        return out;
    }
}
