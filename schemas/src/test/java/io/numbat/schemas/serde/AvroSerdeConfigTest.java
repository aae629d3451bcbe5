package io.numbat.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.registry.FakeSchemaRegistryServer;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Tools that know only class names and Kafka properties can use the serde. */
class AvroSerdeConfigTest {
    private static final String TOPIC = "numbat.metrics";

    @Test
    void serializerNeedsTheRegistryUrl() {
        assertThatThrownBy(() -> new AvroSerializer<MetricBatch>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void deserializerNeedsTheRecordType() {
        assertThatThrownBy(() -> new AvroDeserializer<MetricBatch>()
                        .configure(Map.of("schema.registry.url", "http://127.0.0.1:8080"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("numbat.avro.type");
    }

    @Test
    void rejectsATypeThatIsNotAGeneratedRecord() {
        assertThatThrownBy(() -> new AvroDeserializer<MetricBatch>()
                        .configure(
                                Map.of(
                                        "schema.registry.url",
                                        "http://127.0.0.1:8080",
                                        "numbat.avro.type",
                                        "java.lang.String"),
                                false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an Avro SpecificRecord class");
        assertThatThrownBy(() -> new AvroDeserializer<MetricBatch>()
                        .configure(
                                Map.of(
                                        "schema.registry.url",
                                        "http://127.0.0.1:8080",
                                        "numbat.avro.type",
                                        "io.numbat.schemas.Nope"),
                                false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("io.numbat.schemas.Nope");
    }

    @Test
    void rejectsARegistryUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new AvroSerializer<MetricBatch>()
                        .configure(Map.of("schema.registry.url", "localhost:8080"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void worksWhenCreatedByClassNameAndConfiguredByProperties() throws Exception {
        try (FakeSchemaRegistryServer server = new FakeSchemaRegistryServer()) {
            server.respond("POST", "/subjects/numbat.metrics-value/versions", 200, "{\"id\":5}");
            server.respond(
                    "GET",
                    "/schemas/ids/5",
                    200,
                    new ObjectMapper()
                            .writeValueAsString(Map.of(
                                    "schema", MetricBatch.getClassSchema().toString(), "schemaType", "AVRO")));
            Map<String, Object> props = Map.of(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                    server.url(),
                    AvroSerdeConfig.AVRO_TYPE_CONFIG,
                    MetricBatch.class.getName());

            Serializer<Object> serializer = cast(Utils.newInstance(AvroSerializer.class.getName(), Serializer.class));
            Deserializer<?> deserializer = Utils.newInstance(AvroDeserializer.class.getName(), Deserializer.class);
            serializer.configure(props, false);
            deserializer.configure(props, false);
            byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());

            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(5);
            assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(Records.metricBatch());
            serializer.close();
            deserializer.close();
        }
    }

    @Test
    void serdeCreatedByClassNameRoundTrips() throws IOException {
        try (FakeSchemaRegistryServer server = new FakeSchemaRegistryServer();
                AvroSerde<MetricBatch> serde = new AvroSerde<>()) {
            server.respond("POST", "/subjects/numbat.metrics-value/versions", 200, "{\"id\":6}");
            server.respond(
                    "GET",
                    "/schemas/ids/6",
                    200,
                    new ObjectMapper()
                            .writeValueAsString(Map.of(
                                    "schema", MetricBatch.getClassSchema().toString())));
            serde.configure(Map.of("schema.registry.url", server.url(), "numbat.avro.type", MetricBatch.class), false);

            byte[] bytes = serde.serializer().serialize(TOPIC, Records.metricBatch());

            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(Records.metricBatch());
            assertThat(server.requests())
                    .extracting(FakeSchemaRegistryServer.Request::rawPath)
                    .containsExactly(
                            "/apis/ccompat/v7/subjects/numbat.metrics-value/versions",
                            "/apis/ccompat/v7/schemas/ids/6");
        }
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> cast(Serializer<?> serializer) {
        return (Serializer<Object>) serializer;
    }
}
