package io.numbat.agent.scrape;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One sample line of the Prometheus text exposition format: the series name, its labels (in the order written), the
 * value (NaN and the infinities included) and the optional timestamp in epoch milliseconds.
 */
public record PrometheusSample(String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {
    public PrometheusSample {
        labels = Map.copyOf(labels);
    }

    /** The value of {@code label}, or {@code null}. */
    public String label(String label) {
        return labels.get(label);
    }
}
