package io.numbat.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.registry.InMemorySchemaRegistry;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Numbat record type survives serialization and deserialization unchanged. */
class AvroSerdeRoundTripTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    static Stream<SpecificRecord> records() {
        return Records.all().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("records")
    void roundTripsEveryRecordType(SpecificRecord record) {
        assertThat(roundTrip(record)).isEqualTo(record);
        assertThat(registry.subjects()).containsExactly("numbat.test-value");
    }

    private <T extends SpecificRecord> T roundTrip(T record) {
        try (AvroSerde<T> serde = new AvroSerde<>(registry, typeOf(record))) {
            byte[] bytes = serde.serializer().serialize("numbat.test", record);
            return serde.deserializer().deserialize("numbat.test", bytes);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Class<T> typeOf(T record) {
        return (Class<T>) record.getClass();
    }
}
