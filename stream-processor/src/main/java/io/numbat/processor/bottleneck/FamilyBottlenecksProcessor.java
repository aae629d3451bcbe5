package io.numbat.processor.bottleneck;

import io.numbat.schemas.Alarm;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies the nodes' {@link BottleneckSignal}s, keyed by family, to each family's
 * {@link FamilyBottlenecks} and forwards the family bottleneck alarms, keyed by alarm id.
 */
public final class FamilyBottlenecksProcessor implements Processor<String, BottleneckSignal, String, Alarm> {
    public static final String STORE = "family-bottlenecks-store";

    private final BottleneckSettings settings;
    private final List<Alarm> out = new ArrayList<>();
    private ProcessorContext<String, Alarm> context;
    private KeyValueStore<String, FamilyBottlenecks> store;

    public FamilyBottlenecksProcessor(BottleneckSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Alarm> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, BottleneckSignal> record) {
        FamilyBottlenecks f = store.get(record.key());
        if (f == null) {
            f = new FamilyBottlenecks();
        }
        f.onSignal(record.value(), settings, out);
        for (Alarm a : out) {
            context.forward(new Record<>(a.getId(), a, record.timestamp()));
        }
        out.clear();
        store.put(record.key(), f);
    }
}
