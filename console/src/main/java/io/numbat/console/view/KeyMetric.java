package io.numbat.console.view;

import io.numbat.schemas.MetricId;
import java.util.Optional;

/** The few metrics the console keeps per node (latest value, limit and an hour of history). */
public enum KeyMetric {
    SCHEDULER_UTILISATION(MetricId.SCHEDULER_UTILISATION),
    PROCESS_COUNT(MetricId.PROCESS_COUNT),
    MEMORY_TOTAL(MetricId.MEMORY_TOTAL);

    private static final KeyMetric[] VALUES = values();
    private final MetricId metric;

    KeyMetric(MetricId metric) {
        this.metric = metric;
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
