package io.numbat.processor.trend;

import io.numbat.schemas.MetricBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates each node's batches into tumbling windows of the finest trend size (aligned to the
 * epoch, by record timestamp) and emits each window once, when it closes: when the task's stream time
 * reaches the window's end plus the grace period. A batch for a window that has already closed is
 * late and dropped. This is what {@code windowedBy(...).aggregate(...).suppress(untilWindowCloses)}
 * did, with one state entry per node ({@link OpenWindows}) instead of a window store, a suppression
 * buffer and their two changelogs, each rewritten on every batch.
 *
 * <p>The open windows are indexed by end in memory; the index is rebuilt from the store when the
 * task starts. Closed windows are handed on a few per incoming batch ({@link #EMIT_PER_BATCH}), and by
 * a wall-clock punctuation when batches stop, rather than all at once: every node's window closes at
 * the same stream time, and emitting a task's 800-odd windows in one go (with their trend records,
 * coarser windows and roll-ups) held up the batches behind them for a second or more, which showed
 * as the p99 alarm latency when nodes publish at spread times.
 */
public final class NodeWindowsProcessor implements Processor<String, MetricBatch, String, WindowTrends> {
    public static final String STORE = "node-trend-windows-store";
    private static final Logger LOG = LoggerFactory.getLogger(NodeWindowsProcessor.class);
    /** Closed windows handed on per incoming batch: enough to drain a minute's windows within a second. */
    static final int EMIT_PER_BATCH = 16;
    /** Closed windows handed on per second of wall clock, when batches are few. */
    static final int EMIT_PER_SECOND = 2_000;

    private final long sizeMillis;
    private final long graceMillis;
    /** Window end to the nodes with that window open. */
    private final TreeMap<Long, Set<String>> closing = new TreeMap<>();

    private ProcessorContext<String, WindowTrends> context;
    private KeyValueStore<String, OpenWindows> store;
    /** Closed windows not handed on yet, oldest first: their ends and nodes. */
    private final ArrayDeque<Long> dueEnds = new ArrayDeque<>();

    private final ArrayDeque<String> dueNodes = new ArrayDeque<>();
    private long streamTime = Long.MIN_VALUE;
    private long late;

    public NodeWindowsProcessor(long sizeMillis, long graceMillis) {
        this.sizeMillis = sizeMillis;
        this.graceMillis = graceMillis;
    }

    @Override
    public void init(ProcessorContext<String, WindowTrends> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        try (KeyValueIterator<String, OpenWindows> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, OpenWindows> e = all.next();
                e.value
                        .windows()
                        .forEach(w -> closing.computeIfAbsent(w.end(), end -> new HashSet<>())
                                .add(e.key));
            }
        }
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> emit(EMIT_PER_SECOND));
    }

    @Override
    public void process(Record<String, MetricBatch> record) {
        long t = record.timestamp();
        streamTime = Math.max(streamTime, t);
        long start = t - Math.floorMod(t, sizeMillis);
        if (start + sizeMillis + graceMillis <= streamTime) {
            if (late++ % 1000 == 0) {
                LOG.warn(
                        "dropped a batch of {} for a trend window closed before it came ({} late batches so far)",
                        record.key(),
                        late);
            }
        } else {
            String node = record.key();
            OpenWindows open = store.get(node);
            if (open == null) {
                open = new OpenWindows();
            }
            open.window(start, sizeMillis).add(record.value());
            store.put(node, open);
            closing.computeIfAbsent(start + sizeMillis, end -> new HashSet<>()).add(node);
        }
        while (!closing.isEmpty() && closing.firstKey() + graceMillis <= streamTime) {
            Map.Entry<Long, Set<String>> due = closing.pollFirstEntry();
            for (String node : due.getValue()) {
                dueEnds.add(due.getKey());
                dueNodes.add(node);
            }
        }
        emit(EMIT_PER_BATCH);
    }

    /** Hands on up to {@code most} closed windows, oldest first. */
    private void emit(int most) {
        for (int i = 0; i < most && !dueEnds.isEmpty(); i++) {
            long end = dueEnds.poll();
            String node = dueNodes.poll();
            OpenWindows open = store.get(node);
            WindowTrends w = open == null ? null : open.close(end);
            if (w == null) {
                continue;
            }
            context.forward(new Record<>(node, w, end - 1));
            // forwarding ran every downstream processor; each copied what it keeps, so the trends can be reused
            open.recycle(w.trends());
            store.put(node, open);
        }
    }
}
