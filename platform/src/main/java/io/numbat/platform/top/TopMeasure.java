package io.numbat.platform.top;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import java.util.List;
import java.util.Locale;

/** What {@code numbat top} sorts by: the three top lists of a batch. */
public enum TopMeasure {
    REDUCTIONS,
    MEMORY,
    QUEUE;

    long of(ProcessQueue p) {
        return switch (this) {
            case REDUCTIONS -> p.getReductions();
            case MEMORY -> p.getMemory();
            case QUEUE -> p.getLength();
        };
    }

    List<ProcessQueue> list(MetricBatch b) {
        return switch (this) {
            case REDUCTIONS -> b.getTopReductions();
            case MEMORY -> b.getTopMemory();
            case QUEUE -> b.getQueues();
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code reductions}, {@code memory} or {@code queue}, in any case. */
    public static TopMeasure parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--by must be reductions, memory or queue, was " + s);
        }
    }
}
