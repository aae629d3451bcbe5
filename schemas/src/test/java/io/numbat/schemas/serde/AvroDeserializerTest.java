package io.numbat.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.registry.CountingSchemaRegistry;
import io.numbat.schemas.registry.FlakySchemaRegistry;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.registry.RetriableSchemaRegistryException;
import io.numbat.schemas.registry.SchemaNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {
    private static final String TOPIC = "numbat.metrics";
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerializer<MetricBatch> serializer = new AvroSerializer<>(registry, false);
    private final AvroDeserializer<MetricBatch> deserializer = new AvroDeserializer<>(registry, MetricBatch.class);

    @Test
    void readsRecordsWrittenWithAnOlderSchemaFillingInDefaults() throws IOException {
        Schema old = Records.metricBatchWithout("limits");
        int id = registry.register(TOPIC + "-value", old);
        Schema sampleSchema = old.getField("samples").schema().getElementType();
        GenericRecord written = new GenericRecordBuilder(old)
                .set("node", "ejabberd@host-2")
                .set("family", "ejabberd")
                .set("timestamp", Records.NOW.toEpochMilli())
                .set("sequence", 7L)
                .set(
                        "samples",
                        List.of(new GenericRecordBuilder(sampleSchema)
                                .set("metric", Records.PROCESS_COUNT)
                                .set("value", 100.0)
                                .build()))
                .build();

        MetricBatch read = deserializer.deserialize(TOPIC, wire(id, old, written));

        assertThat(read.getNode()).isEqualTo("ejabberd@host-2");
        assertThat(read.getTimestamp()).isEqualTo(Records.NOW);
        assertThat(read.getSequence()).isEqualTo(7L);
        assertThat(read.getSamples())
                .extracting("metric", "value")
                .containsExactly(Tuple.tuple(Records.PROCESS_COUNT, 100.0));
        assertThat(read.getLimits()).isEmpty();
    }

    @Test
    void readsRecordsWrittenWithANewerSchemaIgnoringUnknownFields() throws IOException {
        Schema current = MetricBatch.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>(current.getFields().stream()
                .map(f -> new Schema.Field(f, f.schema()))
                .toList());
        fields.add(new Schema.Field("region", Schema.create(Schema.Type.STRING), null, "unknown"));
        Schema newer = Schema.createRecord("MetricBatch", null, "io.numbat.schemas", false, fields);
        int id = registry.register(TOPIC + "-value", newer);
        GenericData.Record written = new GenericData.Record(newer);
        MetricBatch expected = Records.metricBatch();
        for (Schema.Field field : current.getFields()) {
            written.put(field.name(), expected.get(field.name()));
        }
        written.put("timestamp", Records.NOW.toEpochMilli());
        written.put("region", "eu-west-1");

        assertThat(deserializer.deserialize(TOPIC, wire(id, newer, written))).isEqualTo(expected);
    }

    @Test
    void fetchesEachWriterSchemaOnce() {
        CountingSchemaRegistry counting = new CountingSchemaRegistry(registry);
        AvroDeserializer<MetricBatch> counted = new AvroDeserializer<>(counting, MetricBatch.class);
        byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());

        for (int i = 0; i < 100; i++) {
            assertThat(counted.deserialize(TOPIC, bytes)).isEqualTo(Records.metricBatch());
        }

        assertThat(counting.getByIdCalls()).isEqualTo(1);
    }

    @Test
    void nullBytesAreANullRecord() {
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void refusesAnEmptyRecord() {
        assertRefused(new byte[0], "record of 0 bytes is too short");
    }

    @Test
    void refusesAWrongMagicByte() {
        byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());
        bytes[0] = 0x41;
        assertRefused(bytes, "not Confluent wire format: magic byte 0x41, expected 0x00");
    }

    @Test
    void refusesATruncatedBody() {
        byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());
        assertRefused(Arrays.copyOf(bytes, bytes.length - 3), "truncated");
        assertRefused(Arrays.copyOf(bytes, ConfluentWireFormat.HEADER_SIZE), "truncated");
    }

    @Test
    void refusesTrailingBytes() {
        byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());
        assertRefused(Arrays.copyOf(bytes, bytes.length + 2), "2 unread bytes");
    }

    @Test
    void refusesAnUnknownSchemaId() {
        byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());
        System.arraycopy(ConfluentWireFormat.header(999), 0, bytes, 0, ConfluentWireFormat.HEADER_SIZE);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic " + TOPIC)
                .hasMessageContaining("schema 999 not found")
                .hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void anUnreachableRegistryIsRetriableAndTheSameBytesReadOnceItIsBack() {
        byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());
        FlakySchemaRegistry flaky = new FlakySchemaRegistry(registry).down(true);
        AvroDeserializer<MetricBatch> reader = new AvroDeserializer<>(flaky, MetricBatch.class);

        assertThatThrownBy(() -> reader.deserialize(TOPIC, bytes))
                .isInstanceOf(RetriableSchemaRegistryException.class)
                .hasMessageContaining("topic " + TOPIC)
                .hasMessageContaining("timed out");
        flaky.down(false);
        assertThat(reader.deserialize(TOPIC, bytes)).isEqualTo(Records.metricBatch());
    }

    @Test
    void anUnknownSchemaIdIsNotRetriable() {
        byte[] bytes = serializer.serialize(TOPIC, Records.metricBatch());
        System.arraycopy(ConfluentWireFormat.header(999), 0, bytes, 0, ConfluentWireFormat.HEADER_SIZE);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isNotInstanceOf(RetriableSchemaRegistryException.class);
        assertThat(RetriableSchemaRegistryException.in(catchThrowable(() -> deserializer.deserialize(TOPIC, bytes))))
                .isEmpty();
    }

    @Test
    void refusesARecordOfAnotherType() {
        byte[] alarm = new AvroSerializer<Alarm>(registry, false).serialize("numbat.alarms", Records.alarm());
        assertRefused(alarm, "malformed Avro body");
    }

    @Test
    void failsFastOnLengthsLargerThanTheRecord() throws IOException {
        int id = registry.register(TOPIC + "-value", MetricBatch.getClassSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ConfluentWireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        encoder.writeLong(Integer.MAX_VALUE - 16); // the "node" string claims to be 2 GB long
        encoder.flush();

        assertRefused(out.toByteArray(), "truncated");
    }

    @Test
    void randomBytesAreNeverARecord() {
        serializer.serialize(TOPIC, Records.metricBatch());
        Random random = new Random(20_241_128L);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(80)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, garbage))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic " + TOPIC);
        }
    }

    @Test
    void randomBodiesBehindAValidHeaderFailOnlyWithSerializationException() {
        byte[] valid = serializer.serialize(TOPIC, Records.metricBatch());
        Random random = new Random(42L);
        for (int i = 0; i < 5_000; i++) {
            byte[] fuzzed = Arrays.copyOf(valid, ConfluentWireFormat.HEADER_SIZE + random.nextInt(valid.length));
            for (int j = ConfluentWireFormat.HEADER_SIZE; j < fuzzed.length; j++) {
                if (random.nextInt(4) == 0) {
                    fuzzed[j] = (byte) random.nextInt(256);
                }
            }
            try {
                deserializer.deserialize(TOPIC, fuzzed);
            } catch (SerializationException expected) {
                assertThat(expected).hasMessageContaining("topic " + TOPIC);
            }
        }
    }

    private void assertRefused(byte[] bytes, String problem) {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic " + TOPIC)
                .hasMessageContaining(problem);
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ConfluentWireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
