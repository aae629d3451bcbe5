package io.numbat.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.MetricBatch;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    private static Schema v1() {
        return SchemaBuilder.record("Reading")
                .namespace("io.numbat.test")
                .fields()
                .requiredString("node")
                .requiredDouble("value")
                .endRecord();
    }

    private static Schema v2WithDefault() {
        return SchemaBuilder.record("Reading")
                .namespace("io.numbat.test")
                .fields()
                .requiredString("node")
                .requiredDouble("value")
                .name("unit")
                .type()
                .stringType()
                .stringDefault("1")
                .endRecord();
    }

    private static Schema v2WithoutDefault() {
        return SchemaBuilder.record("Reading")
                .namespace("io.numbat.test")
                .fields()
                .requiredString("node")
                .requiredDouble("value")
                .requiredString("region")
                .endRecord();
    }

    private static Schema v2WithoutValue() {
        return SchemaBuilder.record("Reading")
                .namespace("io.numbat.test")
                .fields()
                .requiredString("node")
                .endRecord();
    }

    @Test
    void givesGlobalIdsFromOne() {
        assertThat(registry.register("a-value", MetricBatch.getClassSchema())).isEqualTo(1);
        assertThat(registry.register("b-value", Alarm.getClassSchema())).isEqualTo(2);
        assertThat(registry.getById(1)).isEqualTo(MetricBatch.getClassSchema());
        assertThat(registry.getById(2)).isEqualTo(Alarm.getClassSchema());
    }

    @Test
    void sameSchemaGetsTheSameIdEvenUnderAnotherSubject() {
        int first = registry.register("a-value", v1());
        assertThat(registry.register("a-value", v1())).isEqualTo(first);
        assertThat(registry.register("b-value", new Schema.Parser().parse(v1().toString())))
                .isEqualTo(first);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void looksUpOnlySchemasRegisteredUnderTheSubject() {
        int id = registry.register("a-value", v1());
        assertThat(registry.lookup("a-value", v1())).hasValue(id);
        assertThat(registry.lookup("b-value", v1())).isEmpty();
        assertThat(registry.lookup("a-value", v2WithDefault())).isEmpty();
    }

    @Test
    void unknownIdIsSchemaNotFound() {
        assertThatThrownBy(() -> registry.getById(1))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("schema 1 not found");
    }

    @Test
    void acceptsAddingAFieldWithADefaultUnderBackward() {
        int v1 = registry.register("r-value", v1());
        assertThat(registry.isCompatible("r-value", v2WithDefault())).isTrue();
        assertThat(registry.register("r-value", v2WithDefault())).isGreaterThan(v1);
    }

    @Test
    void refusesSchemaThatBreaksBackwardCompatibility() {
        registry.register("r-value", v1());

        assertThat(registry.isCompatible("r-value", v2WithoutDefault())).isFalse();
        assertThatThrownBy(() -> registry.register("r-value", v2WithoutDefault()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("schema for subject r-value is incompatible with the registered versions")
                .hasMessageContaining("compatibility BACKWARD")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("region")
                .satisfies(e ->
                        assertThat(((IncompatibleSchemaException) e).subject()).isEqualTo("r-value"));
        assertThat(registry.lookup("r-value", v2WithoutDefault())).isEmpty();
    }

    @Test
    void forwardRefusesRemovingAFieldWithoutDefault() {
        registry.setCompatibility("r-value", "FORWARD");
        registry.register("r-value", v1());

        assertThat(registry.isCompatible("r-value", v2WithoutDefault())).isTrue();
        assertThatThrownBy(() -> registry.register("r-value", v2WithoutValue()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("compatibility FORWARD");
    }

    @Test
    void fullNeedsBothDirections() {
        registry.setCompatibility("r-value", "full");
        registry.register("r-value", v1());

        assertThat(registry.isCompatible("r-value", v2WithoutDefault())).isFalse();
        assertThat(registry.isCompatible("r-value", v2WithoutValue())).isFalse();
        assertThat(registry.isCompatible("r-value", v2WithDefault())).isTrue();
    }

    @Test
    void noneAcceptsAnything() {
        registry.setCompatibility("r-value", "NONE");
        registry.register("r-value", v1());

        assertThat(registry.register("r-value", Alarm.getClassSchema())).isPositive();
        assertThat(registry.compatibility("r-value")).isEqualTo("NONE");
        assertThat(registry.compatibility("other-value")).isEqualTo("BACKWARD");
    }

    @Test
    void transitiveLevelsCheckEveryVersionNotJustTheLatest() {
        registry.setCompatibility("transitive-value", "BACKWARD_TRANSITIVE");
        for (String subject : List.of("latest-value", "transitive-value")) {
            registry.register(subject, v1());
            registry.register(subject, v2WithoutValue());
        }
        // readable against version 2 (which has no "value") but not against version 1 (whose "value" is a double)
        Schema valueAsString = SchemaBuilder.record("Reading")
                .namespace("io.numbat.test")
                .fields()
                .requiredString("node")
                .name("value")
                .type()
                .stringType()
                .stringDefault("n/a")
                .endRecord();

        assertThat(registry.isCompatible("latest-value", valueAsString)).isTrue();
        assertThat(registry.isCompatible("transitive-value", valueAsString)).isFalse();
    }

    @Test
    void anySchemaIsCompatibleWithANewSubject() {
        assertThat(registry.isCompatible("new-value", v2WithoutDefault())).isTrue();
    }

    @Test
    void rejectsUnknownCompatibilityLevels() {
        assertThatThrownBy(() -> registry.setCompatibility("r-value", "SIDEWAYS"))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("SIDEWAYS");
    }

    @Test
    void concurrentRegistrationsOfOneSchemaShareOneId() {
        Set<Integer> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200).parallel().forEach(i -> ids.add(registry.register("c-value", v1())));

        assertThat(ids).containsExactly(1);
        assertThat(registry.subjects()).isEqualTo(List.of("c-value"));
    }
}
