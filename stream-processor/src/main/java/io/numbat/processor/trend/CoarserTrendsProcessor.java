package io.numbat.processor.trend;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Builds a node's trends over a coarser window (5 min) from its closed finer windows (1 min), which
 * arrive in order per node (keyed by node): far cheaper than a second windowed aggregation over
 * every batch. Both are tumbling windows aligned to the epoch and the coarser size is a multiple of
 * the finer, so the coarser window is complete when its last finer window arrives; if that one is
 * missing (the node was silent at the end) it is emitted when a later window arrives.
 */
public final class CoarserTrendsProcessor implements Processor<String, WindowTrends, String, WindowTrends> {
    private final long sizeMillis;
    private final String storeName;
    private ProcessorContext<String, WindowTrends> context;
    private KeyValueStore<String, WindowTrends> store;

    public CoarserTrendsProcessor(long sizeMillis, String storeName) {
        this.sizeMillis = sizeMillis;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, WindowTrends> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, WindowTrends> record) {
        String node = record.key();
        WindowTrends fine = record.value();
        long start = fine.start() - Math.floorMod(fine.start(), sizeMillis);
        WindowTrends partial = store.get(node);
        if (partial != null && partial.start() > start) {
            return; // older than the window being built: finer windows arrive in order, so only on a replay
        }
        if (partial != null && partial.start() < start) {
            context.forward(record.withValue(partial));
            partial = null;
        }
        // a copy even for the first finer window: the finer window's trends are reused once forwarded
        NodeTrends trends = (partial == null ? new NodeTrends() : partial.trends()).merge(fine.trends());
        WindowTrends coarse = new WindowTrends(start, start + sizeMillis, trends);
        if (fine.end() >= coarse.end()) {
            context.forward(record.withValue(coarse));
            store.delete(node);
        } else {
            store.put(node, coarse);
        }
    }
}
