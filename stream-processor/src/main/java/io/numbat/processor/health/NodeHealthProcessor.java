package io.numbat.processor.health;

import io.numbat.schemas.MetricBatch;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies {@link HealthRules} to every batch, keeping each node's {@link NodeHealth} in a state
 * store keyed by node (the input's key, so no repartition), and checks every few seconds of wall
 * clock time (a sixth of the node-down time, at most 5 s) for nodes that went silent. That check
 * reads only the small {@link NodeLiveness} store, so its cost does not grow with the forecasters
 * and detectors a node carries.
 */
public final class NodeHealthProcessor implements Processor<String, MetricBatch, String, HealthOutput> {
    public static final String STORE = "node-health-store";
    public static final String LIVENESS_STORE = "node-liveness-store";

    /** The longest time between two checks for silent nodes. */
    static final Duration MAX_CHECK_EVERY = Duration.ofSeconds(5);

    private final HealthRules rules;
    private ProcessorContext<String, HealthOutput> context;
    private KeyValueStore<String, NodeHealth> store;
    private KeyValueStore<String, NodeLiveness> liveness;

    public NodeHealthProcessor(HealthRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, HealthOutput> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.liveness = context.getStateStore(LIVENESS_STORE);
        // at most every 5 s: a family's node-down time (the processor's config file) may be shorter than the default
        Duration every = min(rules.settings().nodeDownAfter().dividedBy(6), MAX_CHECK_EVERY);
        context.schedule(
                every.isZero() ? Duration.ofSeconds(1) : every,
                PunctuationType.WALL_CLOCK_TIME,
                this::checkSilentNodes);
    }

    @Override
    public void process(Record<String, MetricBatch> record) {
        NodeHealth h = store.get(record.key());
        if (h == null) {
            h = new NodeHealth();
        }
        NodeLiveness live = liveness.get(record.key());
        h.with(live == null ? new NodeLiveness() : live);
        for (HealthOutput o : rules.onBatch(h, record.value(), context.currentSystemTimeMs())) {
            context.forward(new Record<>(o.key(), o, record.timestamp()));
        }
        store.put(record.key(), h);
        liveness.put(record.key(), h.liveness());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void checkSilentNodes(long now) {
        try (KeyValueIterator<String, NodeLiveness> all = liveness.all()) {
            while (all.hasNext()) {
                KeyValue<String, NodeLiveness> e = all.next();
                NodeLiveness live = e.value;
                rules.onTimer(e.key, live, now).ifPresent(o -> {
                    context.forward(new Record<>(o.key(), o, now));
                    liveness.put(e.key, live);
                });
            }
        }
    }
}
