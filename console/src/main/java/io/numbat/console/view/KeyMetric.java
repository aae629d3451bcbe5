package io.numbat.console.view;

import io.numbat.schemas.MetricId;
import java.util.Optional;

/**
 * The metrics the console keeps per node (latest value, limit and an hour of history): those with a limit or an
 * alarm. The processor's trends are kept for the first three only (the fleet's and the node's summaries).
 */
public enum KeyMetric {
    SCHEDULER_UTILISATION(MetricId.SCHEDULER_UTILISATION, true),
    PROCESS_COUNT(MetricId.PROCESS_COUNT, true),
    MEMORY_TOTAL(MetricId.MEMORY_TOTAL, true),
    PORT_COUNT(MetricId.PORT_COUNT, false),
    ATOM_COUNT(MetricId.ATOM_COUNT, false),
    ETS_COUNT(MetricId.ETS_COUNT, false),
    RUN_QUEUE(MetricId.RUN_QUEUE, false),
    MAX_MESSAGE_QUEUE(MetricId.MAX_MESSAGE_QUEUE, false);

    private static final KeyMetric[] VALUES = values();
    private final MetricId metric;
    private final boolean trended;

    KeyMetric(MetricId metric, boolean trended) {
        this.metric = metric;
        this.trended = trended;
    }

    /** Whether the console keeps the processor's trends of it. */
    public boolean trended() {
        return trended;
    }

    /** The key metric with catalogue id {@code id} whose trends the console keeps, if it is one. */
    public static Optional<KeyMetric> trendedById(int id) {
        return byId(id).filter(KeyMetric::trended);
    }

    public int id() {
        return metric.id();
    }

    /** The catalogue name, e.g. {@code process_count}. */
    public String metricName() {
        return metric.metricName();
    }

    /** The key metric with catalogue id {@code id}, if it is one. */
    public static Optional<KeyMetric> byId(int id) {
        for (KeyMetric k : VALUES) {
            if (k.id() == id) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
