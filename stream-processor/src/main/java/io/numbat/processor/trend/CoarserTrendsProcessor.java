package io.numbat.processor.trend;

import io.numbat.processor.state.WriteBehindStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

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
    private KeyValueStore<String, CoarsePartial> store;

    public CoarserTrendsProcessor(long sizeMillis, String storeName) {
        this.sizeMillis = sizeMillis;
        this.storeName = storeName;
    }

    /** The store this processor needs, named {@code name}: a write-behind store of each node's partial. */
    public static StoreBuilder<?> store(String name, boolean inMemory) {
        return WriteBehindStores.of(name, inMemory, Serdes.String(), new CoarsePartial.Serde());
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
        CoarsePartial partial = store.get(node);
        boolean open = partial != null && partial.open();
        if (open && partial.start() > start) {
            return; // older than the window being built: finer windows arrive in order, so only on a replay
        }
        if (open && partial.start() < start) {
            context.forward(record.withValue(partial.window()));
            open = false;
        }
        // the finer window's trends are reused once forwarded: the partial copies them into its own array
        if (partial == null) {
            partial = CoarsePartial.of(start, start + sizeMillis, fine.trends());
        } else if (!open) {
            partial.restart(start, start + sizeMillis, fine.trends());
        } else {
            partial.merge(fine.trends());
        }
        if (fine.end() >= start + sizeMillis) {
            context.forward(record.withValue(partial.window()));
            partial.close();
        }
        store.put(node, partial);
    }
}
