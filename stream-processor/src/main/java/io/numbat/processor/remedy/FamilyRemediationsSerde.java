package io.numbat.processor.remedy;

import org.apache.kafka.common.serialization.Serdes;

/** State-store serde for {@link FamilyRemediations} (its stored form, {@link RemediationStateFormat}). */
public final class FamilyRemediationsSerde extends Serdes.WrapperSerde<FamilyRemediations> {
    public FamilyRemediationsSerde() {
        super(
                (topic, v) -> v == null ? null : v.toBytes(),
                (topic, b) -> b == null ? null : FamilyRemediations.fromBytes(b));
    }
}
