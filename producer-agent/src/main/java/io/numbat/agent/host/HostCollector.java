package io.numbat.agent.host;

import io.numbat.agent.collect.Collector;
import io.numbat.schemas.MetricBatch;
import java.util.List;
import java.util.Optional;

/** The host the agent runs on, read through OSHI: the host's batch plus one per core, filesystem and interface. */
public final class HostCollector implements Collector {
    private final OshiHostReader reader = new OshiHostReader();
    private final HostBatches batches;
    private final String node;
    private final String family;

    public HostCollector(String node, String family) {
        this.node = node;
        this.family = family;
        this.batches = new HostBatches(node, family);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public Optional<MetricBatch> collect(long nowMillis) {
        return collectAll(nowMillis).stream().findFirst();
    }

    @Override
    public List<MetricBatch> collectAll(long nowMillis) {
        return batches.of(reader.read(), nowMillis);
    }
}
