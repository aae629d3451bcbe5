package io.numbat.console.manage;

import io.numbat.schemas.MetricBatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest top processes of the nodes an operator is watching: a node is watched for {@link #WATCH} after its
 * top was last asked for, and at most {@link #MAX_WATCHED} nodes are (the longest unasked is dropped). Keeping
 * every node's top lists would cost about 3 KB a node (30 MB for 10,000 nodes) for tables nobody looks at; a
 * watched node's table fills at its next tick. Not thread-safe: the console's context owns it.
 */
public final class TopBoard {
    public static final Duration WATCH = Duration.ofMinutes(2);
    public static final int MAX_WATCHED = 200;

    private final Map<String, NodeTop> tops = new HashMap<>();
    private final Map<String, Long> watchedUntil = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            if (size() > MAX_WATCHED) {
                tops.remove(eldest.getKey());
                return true;
            }
            return false;
        }
    };

    /** Someone asked for {@code node}'s top at {@code now}: keep its top lists from now on, for a while. */
    public void watch(String node, long now) {
        watchedUntil.put(node, now + WATCH.toMillis());
    }

    /** Keeps the batch's top lists if its node is watched (and has any). */
    public void onMetrics(MetricBatch b, long now) {
        Long until = watchedUntil.get(b.getNode());
        if (until == null) {
            return;
        }
        if (until < now) {
            watchedUntil.remove(b.getNode());
            tops.remove(b.getNode());
            return;
        }
        NodeTop previous = tops.get(b.getNode());
        if (previous == null || previous.timestamp() <= b.getTimestamp().toEpochMilli()) {
            tops.put(b.getNode(), NodeTop.of(b));
        }
    }

    /** The node's latest top, if it is watched and a batch arrived since. */
    public Optional<NodeTop> find(String node) {
        return Optional.ofNullable(tops.get(node));
    }

    /** Nodes watched now. */
    public int watched() {
        return watchedUntil.size();
    }
}
