package io.numbat.processor.trend;

import io.numbat.schemas.MetricTrend;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rolls node trends up per family and metric (input keyed {@code family/metric}); a window's
 * roll-up is published, as a trend of node {@code family:<name>}, when the family's first trend of
 * the next window arrives.
 */
public final class FamilyRollupProcessor implements Processor<String, MetricTrend, String, MetricTrend> {
    public static final String STORE = "family-rollup-store";

    private ProcessorContext<String, MetricTrend> context;
    private KeyValueStore<String, FamilyRollup> store;

    @Override
    public void init(ProcessorContext<String, MetricTrend> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, MetricTrend> record) {
        FamilyRollup r = store.get(record.key());
        if (r == null) {
            r = new FamilyRollup();
        }
        String node = "family:" + record.value().getFamily();
        r.add(record.value(), node).ifPresent(t ->
                context.forward(new Record<>(TrendRecords.key(node, t.getMetric()), t, record.timestamp())));
        store.put(record.key(), r);
    }

    /** State-store serde for {@link FamilyRollup}. */
    public static final class RollupSerde extends Serdes.WrapperSerde<FamilyRollup> {
        public RollupSerde() {
            super((topic, v) -> v == null ? null : v.toBytes(), (topic, b) -> b == null ? null : FamilyRollup.fromBytes(b));
        }
    }
}
