package io.numbat.processor.trend;

import io.numbat.schemas.MetricBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * task starts. Every node's window closes at the same stream time, and handing a task's 800-odd windows
 * on (with their trend records, coarser windows and roll-ups) takes about a second of the stream thread:
 * done in the tick that closed them, it held up that tick's batches, and with them the alarms they raise
 * (the harsh p99 alarm latency of `bench ingest` was about 2 s whenever the alarms fell in the minute's
 * tick). So closed windows are handed on when the input is idle: by a wall-clock punctuation once no batch
 * has come for {@link #IDLE_MILLIS}, {@link #EMIT_WHEN_IDLE} per task each time. A few closed windows go on
 * at once, with the batch that closed them; and while batches never stop (nodes publishing at spread
 * times), {@link #EMIT_PER_BATCH} per batch once the oldest has waited {@link #MAX_DEFER_MILLIS}.
 */
public final class NodeWindowsProcessor implements Processor<String, MetricBatch, String, WindowTrends> {
    public static final String STORE = "node-trend-windows-store";
    private static final Logger LOG = LoggerFactory.getLogger(NodeWindowsProcessor.class);
    /** Closed windows handed on with the batch that closed them, or per batch once they waited too long. */
    static final int EMIT_PER_BATCH = 16;
    /** Closed windows handed on per task and punctuation while the input is idle. */
    static final int EMIT_WHEN_IDLE = 50;
    /** How often the idle input is checked. */
    static final long PUNCTUATE_MILLIS = 100;
    /** Input quiet this long (wall clock, any task of the topology) counts as idle. */
    static final long IDLE_MILLIS = 50;
    /** Closed windows wait at most this long for idle input, then go on {@link #EMIT_PER_BATCH} per batch. */
    static final long MAX_DEFER_MILLIS = 2_000;

    private final long sizeMillis;
    private final long graceMillis;
    /** When a batch last came to any task of the topology (wall clock): shared by the tasks of one thread. */
    private final AtomicLong lastBatchMillis;
    /** Window end to the nodes with that window open. */
    private final TreeMap<Long, Set<String>> closing = new TreeMap<>();

    private ProcessorContext<String, WindowTrends> context;
    private KeyValueStore<String, OpenWindows> store;
    /** Closed windows not handed on yet, oldest first: their ends and nodes. */
    private final ArrayDeque<Long> dueEnds = new ArrayDeque<>();

    private final ArrayDeque<String> dueNodes = new ArrayDeque<>();
    /** When the oldest closed window not handed on yet closed (wall clock). */
    private long dueSinceMillis;

    private long streamTime = Long.MIN_VALUE;
    private long late;

    /** {@code lastBatchMillis} is shared by every task's processor of one topology. */
    public NodeWindowsProcessor(long sizeMillis, long graceMillis, AtomicLong lastBatchMillis) {
        this.sizeMillis = sizeMillis;
        this.graceMillis = graceMillis;
        this.lastBatchMillis = lastBatchMillis;
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
        context.schedule(Duration.ofMillis(PUNCTUATE_MILLIS), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, MetricBatch> record) {
        long now = context.currentSystemTimeMs();
        lastBatchMillis.set(now);
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
            if (dueEnds.isEmpty()) {
                dueSinceMillis = now;
            }
            Map.Entry<Long, Set<String>> due = closing.pollFirstEntry();
            for (String node : due.getValue()) {
                dueEnds.add(due.getKey());
                dueNodes.add(node);
            }
        }
        if (dueEnds.size() <= EMIT_PER_BATCH || now - dueSinceMillis >= MAX_DEFER_MILLIS) {
            emit(EMIT_PER_BATCH);
        }
    }

    /** Hands closed windows on while no batch comes, or when they have waited too long. */
    private void punctuate(long now) {
        if (now - lastBatchMillis.get() >= IDLE_MILLIS || now - dueSinceMillis >= MAX_DEFER_MILLIS) {
            emit(EMIT_WHEN_IDLE);
        }
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
