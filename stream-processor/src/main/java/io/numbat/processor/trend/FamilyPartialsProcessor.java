package io.numbat.processor.trend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rolls up the closed node windows of one task per family, window size and start, and every
 * {@code every} (wall clock) forwards each partial roll-up keyed by family, for
 * {@link FamilyRollupProcessor} to merge across tasks. The partials live in a store, so a commit
 * never loses node windows already consumed.
 */
public final class FamilyPartialsProcessor implements Processor<String, WindowTrends, String, FamilyPartial> {
    public static final String STORE = "family-partials-store";

    private final Duration every;
    private final Set<String> pending = new LinkedHashSet<>();
    private ProcessorContext<String, FamilyPartial> context;
    private KeyValueStore<String, FamilyPartial> store;

    public FamilyPartialsProcessor(Duration every) {
        this.every = every;
    }

    @Override
    public void init(ProcessorContext<String, FamilyPartial> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        try (KeyValueIterator<String, FamilyPartial> all = store.all()) {
            all.forEachRemaining(e -> pending.add(e.key));
        }
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::forward);
    }

    @Override
    public void process(Record<String, WindowTrends> record) {
        WindowTrends w = record.value();
        String family = w.trends().family();
        String key = family + "/" + w.size() + "/" + w.start();
        FamilyPartial p = store.get(key);
        if (p == null) {
            p = new FamilyPartial(family, w.start(), w.end());
        }
        store.put(key, p.add(w.trends()));
        pending.add(key);
    }

    private void forward(long now) {
        List<String> keys = new ArrayList<>(pending);
        pending.clear();
        for (String key : keys) {
            FamilyPartial p = store.get(key);
            if (p != null) {
                context.forward(new Record<>(p.family(), p, now));
                store.delete(key);
            }
        }
    }
}
