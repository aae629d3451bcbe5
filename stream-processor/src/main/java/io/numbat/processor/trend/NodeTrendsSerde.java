package io.numbat.processor.trend;

import org.apache.kafka.common.serialization.Serdes;

/** State-store serde for {@link NodeTrends}: a compact fixed layout, no registry involved. */
public final class NodeTrendsSerde extends Serdes.WrapperSerde<NodeTrends> {
    public NodeTrendsSerde() {
        super((topic, value) -> value == null ? null : value.toBytes(),
                (topic, bytes) -> bytes == null ? null : NodeTrends.fromBytes(bytes));
    }
}
