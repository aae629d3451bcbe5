package io.numbat.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.registry.CountingSchemaRegistry;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.registry.IncompatibleSchemaException;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {
    private static final String TOPIC = "numbat.metrics";
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void writesConfluentWireFormatThatAPlainAvroReaderCanDecode() throws IOException {
        for (int i = 1; i < 300; i++) { // push the id above one byte to see the byte order
            registry.register(
                    "filler-" + i, SchemaBuilder.record("Filler" + i).fields().endRecord());
        }
        MetricBatch batch = Records.metricBatch();

        byte[] bytes = new AvroSerializer<MetricBatch>(registry, false).serialize(TOPIC, batch);

        int id = registry.lookup(TOPIC + "-value", MetricBatch.getClassSchema()).orElseThrow();
        assertThat(id).isEqualTo(300);
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(bytes).startsWith(0, 0, 0, 1, 44);

        Schema registered = new Schema.Parser().parse(registry.getById(id).toString());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(registered).read(null, decoder);
        assertThat(decoder.isEnd()).isTrue();
        assertThat(decoded.get("node").toString()).isEqualTo("ejabberd@host-1");
        assertThat(decoded.get("timestamp")).isEqualTo(Records.NOW.toEpochMilli());
        assertThat(decoded.get("sequence")).isEqualTo(42L);
        assertThat(((List<?>) decoded.get("samples")).size()).isEqualTo(4);
        GenericRecord firstLimit = (GenericRecord) ((List<?>) decoded.get("limits")).get(0);
        assertThat(firstLimit.get("metric")).isEqualTo(Records.PROCESS_COUNT);
        assertThat(firstLimit.get("value")).isEqualTo(262_144.0);
    }

    @Test
    void callsTheRegistryOncePerTopicNotPerRecord() {
        CountingSchemaRegistry counting = new CountingSchemaRegistry(registry);
        AvroSerializer<MetricBatch> serializer = new AvroSerializer<>(counting, false);

        for (int i = 0; i < 1_000; i++) {
            serializer.serialize(TOPIC, Records.metricBatch());
            serializer.serialize("numbat.metrics.replay", Records.metricBatch());
        }

        assertThat(counting.registerCalls()).isEqualTo(2);
        assertThat(registry.subjects()).containsExactly("numbat.metrics-value", "numbat.metrics.replay-value");
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        CountingSchemaRegistry counting = new CountingSchemaRegistry(registry);
        AvroSerializer<MetricBatch> serializer = new AvroSerializer<>(counting, false);
        AvroDeserializer<MetricBatch> deserializer = new AvroDeserializer<>(counting, MetricBatch.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        MetricBatch batch = Records.metricBatch();
                        batch.setSequence(i);
                        if (!batch.equals(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, batch)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counting.registerCalls()).isBetween(1, 4);
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
    }

    @Test
    void registersKeysUnderTheKeySubject() {
        AvroSerializer<MetricBatch> serializer = new AvroSerializer<>(registry, true);

        serializer.serialize(TOPIC, Records.metricBatch());

        assertThat(serializer.subject(TOPIC)).isEqualTo("numbat.metrics-key");
        assertThat(registry.subjects()).containsExactly("numbat.metrics-key");
    }

    @Test
    void nullRecordIsNullBytes() {
        assertThat(new AvroSerializer<MetricBatch>(registry, false).serialize(TOPIC, null))
                .isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void registersANewVersionThatAddsAFieldWithADefault() {
        int old = registry.register(TOPIC + "-value", Records.metricBatchWithout("limits"));

        new AvroSerializer<MetricBatch>(registry, false).serialize(TOPIC, Records.metricBatch());

        assertThat(registry.lookup(TOPIC + "-value", MetricBatch.getClassSchema()))
                .hasValue(old + 1);
    }

    @Test
    void incompatibleSchemaIsASerializationExceptionNamingTopicAndSubject() {
        registry.register(TOPIC + "-value", Records.metricBatchWithout("sequence"));
        AvroSerializer<MetricBatch> serializer = new AvroSerializer<>(registry, false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, Records.metricBatch()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic numbat.metrics")
                .hasMessageContaining("subject numbat.metrics-value")
                .hasMessageContaining("sequence")
                .hasCauseInstanceOf(IncompatibleSchemaException.class);
    }

    @Test
    void unreachableRegistryIsASerializationExceptionNamingTheRegistry() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        try (RestSchemaRegistryClient unreachable = new RestSchemaRegistryClient(url, Duration.ofSeconds(2))) {
            AvroSerializer<MetricBatch> serializer = new AvroSerializer<>(unreachable, false);

            assertThatThrownBy(() -> serializer.serialize(TOPIC, Records.metricBatch()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic numbat.metrics")
                    .hasMessageContaining("subject numbat.metrics-value")
                    .hasMessageContaining("schema registry at " + url + " is unreachable")
                    .hasCauseInstanceOf(SchemaRegistryUnavailableException.class);
        }
    }

    @Test
    void invalidRecordIsASerializationExceptionNamingTheTopic() {
        MetricBatch batch = Records.metricBatch();
        batch.setNode(null);

        assertThatThrownBy(() -> new AvroSerializer<MetricBatch>(registry, false).serialize(TOPIC, batch))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.numbat.schemas.MetricBatch")
                .hasMessageContaining("topic numbat.metrics");
    }
}
