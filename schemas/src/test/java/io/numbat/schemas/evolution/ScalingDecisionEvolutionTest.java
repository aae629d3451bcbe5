package io.numbat.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.ScalingDecision;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** {@code ScalingDecision.nodes} was added later: decisions written before and after read both ways. */
class ScalingDecisionEvolutionTest {
    private static Schema withoutNodes() {
        Schema now = ScalingDecision.getClassSchema();
        List<Schema.Field> fields = now.getFields().stream()
                .filter(f -> !f.name().equals("nodes"))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(now.getName(), now.getDoc(), now.getNamespace(), false, fields);
    }

    @Test
    void addingNodesIsBackwardAndForwardCompatible() {
        Schema before = withoutNodes();
        Schema now = ScalingDecision.getClassSchema();
        assertThat(now.getField("nodes")).as("the field exists").isNotNull();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before)
                        .getType())
                .as("new readers read old decisions")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now)
                        .getType())
                .as("old readers read new decisions")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
