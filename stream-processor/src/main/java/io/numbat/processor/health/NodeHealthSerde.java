package io.numbat.processor.health;

import io.numbat.processor.forecast.ExhaustionForecaster;
import org.apache.kafka.common.serialization.Serdes;

/** State-store serde for {@link NodeHealth}. */
public final class NodeHealthSerde extends Serdes.WrapperSerde<NodeHealth> {
    public NodeHealthSerde(ExhaustionForecaster.Settings settings) {
        super(
                (topic, v) -> v == null ? null : v.toBytes(),
                (topic, b) -> b == null ? null : NodeHealth.fromBytes(b, settings));
    }
}
