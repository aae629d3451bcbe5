package io.numbat.processor.trend;

import io.numbat.schemas.TrendWindow;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rolls every metric of the node trends up per family, for each window size, from the partial
 * roll-ups of each task ({@link FamilyPartialsProcessor}; input keyed by family, state keyed
 * {@code family/size}). The node windows of one family close on different partitions at slightly
 * different times, so a family's window is published, as the trend window of node
 * {@code family:<name>}, once no partial has joined it for {@code quiet} (wall clock), or as soon as
 * a partial of a later window arrives. Partials arriving after that are late and left out.
 */
public final class FamilyRollupProcessor implements Processor<String, FamilyPartial, String, TrendWindow> {
    public static final String STORE = "family-rollup-store";

    private final Duration quiet;
    private ProcessorContext<String, TrendWindow> context;
    private KeyValueStore<String, FamilyWindow> store;

    public FamilyRollupProcessor(Duration quiet) {
        this.quiet = quiet;
    }

    @Override
    public void init(ProcessorContext<String, TrendWindow> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        Duration every = quiet.dividedBy(3);
        context.schedule(
                every.isZero() ? Duration.ofSeconds(1) : every, PunctuationType.WALL_CLOCK_TIME, this::publishQuiet);
    }

    @Override
    public void process(Record<String, FamilyPartial> record) {
        FamilyPartial p = record.value();
        String key = record.key() + "/" + (p.end() - p.start());
        FamilyWindow w = store.get(key);
        if (w == null) {
            w = new FamilyWindow();
        }
        if (w.isLater(record.value())) {
            publish(w.finish(), record.timestamp());
        }
        w.add(record.value(), context.currentSystemTimeMs());
        store.put(key, w);
    }

    private void publishQuiet(long now) {
        try (KeyValueIterator<String, FamilyWindow> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, FamilyWindow> e = all.next();
                FamilyWindow w = e.value;
                if (w.open() && now - w.updatedAtMillis() >= quiet.toMillis()) {
                    publish(w.finish(), now);
                    store.put(e.key, w);
                }
            }
        }
    }

    private void publish(TrendWindow window, long timestamp) {
        if (window != null) {
            context.forward(new Record<>(window.getNode(), window, timestamp));
        }
    }

    /** State-store serde for {@link FamilyWindow}. */
    public static final class WindowSerde extends Serdes.WrapperSerde<FamilyWindow> {
        public WindowSerde() {
            super(
                    (topic, v) -> v == null ? null : v.toBytes(),
                    (topic, b) -> b == null ? null : FamilyWindow.fromBytes(b));
        }
    }
}
