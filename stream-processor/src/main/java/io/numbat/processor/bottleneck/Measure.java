package io.numbat.processor.bottleneck;

import io.numbat.schemas.MetricId;

/** What a bottleneck alarm watches; its metric makes the alarm id ({@code <node>/bottleneck/<metric>}). */
public enum Measure {
    /** A mailbox that grows tick after tick. */
    MAILBOX(MetricId.MAX_MESSAGE_QUEUE),
    /** One process type taking most of the node's reductions. */
    REDUCTIONS(MetricId.REDUCTIONS),
    /** One process holding most of the node's process memory. */
    MEMORY(MetricId.MEMORY_PROCESSES);

    private final MetricId metric;

    Measure(MetricId metric) {
        this.metric = metric;
    }

    public MetricId metric() {
        return metric;
    }

    static final Measure[] ALL = values();
}
