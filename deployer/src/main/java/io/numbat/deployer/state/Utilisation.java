package io.numbat.deployer.state;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.util.HashMap;
import java.util.Map;

/**
 * Each node's latest scheduler utilisation as its batches on {@code numbat.metrics} report it:
 * what a {@code least-loaded} scale-in ranks by. A node not seen yet counts as idle (0).
 */
public final class Utilisation {
    private final Map<String, Double> latest = new HashMap<>();

    /** Remembers the batch's scheduler utilisation, if it carries one. */
    public void record(MetricBatch batch) {
        for (Sample s : batch.getSamples()) {
            if (s.getMetric() == MetricId.SCHEDULER_UTILISATION.id()) {
                latest.put(batch.getNode(), s.getValue());
            }
        }
    }

    /** The node's latest utilisation (0..1), 0 if none was seen. */
    public double of(String node) {
        return latest.getOrDefault(node, 0.0);
    }

    /** Forgets a node that stopped. */
    public void forget(String node) {
        latest.remove(node);
    }
}
