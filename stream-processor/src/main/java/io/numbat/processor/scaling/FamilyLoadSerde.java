package io.numbat.processor.scaling;

import org.apache.kafka.common.serialization.Serdes;

/** State-store serde for {@link FamilyLoad}. */
public final class FamilyLoadSerde extends Serdes.WrapperSerde<FamilyLoad> {
    public FamilyLoadSerde() {
        super((topic, v) -> v == null ? null : v.toBytes(), (topic, b) -> b == null ? null : FamilyLoad.fromBytes(b));
    }
}
