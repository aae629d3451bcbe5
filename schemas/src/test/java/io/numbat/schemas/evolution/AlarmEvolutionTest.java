package io.numbat.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The bottleneck alarms (issue 14) added {@code culprit} to {@code Alarm}: alarms written before still
 * decode (without a culprit), and readers of the old schema read the new alarms.
 */
class AlarmEvolutionTest {
    private static Schema before() throws IOException {
        try (InputStream in = AlarmEvolutionTest.class.getResourceAsStream("Alarm-before-culprit.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void theNewSchemaIsBackwardAndForwardCompatible() throws IOException {
        Schema before = before();
        Schema now = Alarm.getClassSchema();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void anOldAlarmDecodesWithoutACulpritAndAnOldReaderSkipsIt() throws IOException {
        Schema before = before();
        GenericRecord old = new GenericData.Record(before);
        old.put("id", "a/long_message_queue");
        old.put("type", "long_message_queue");
        old.put("state", new GenericData.EnumSymbol(before.getField("state").schema(), "RAISED"));
        old.put(
                "severity",
                new GenericData.EnumSymbol(before.getField("severity").schema(), "MINOR"));
        old.put("timestamp", 1_700_000_000_000L);
        old.put("cause", "long");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();
        Alarm decoded = new SpecificDatumReader<Alarm>(before, Alarm.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(decoded.getId()).isEqualTo("a/long_message_queue");
        assertThat(decoded.getCulprit()).isNull();

        Alarm now = Alarm.newBuilder()
                .setId("a/bottleneck/max_message_queue")
                .setType("bottleneck")
                .setState(AlarmState.RAISED)
                .setSeverity(Severity.MAJOR)
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
                .setCause("mailbox grows")
                .setCulprit(new ProcessQueue("event_relay", "<0.4712.0>", 5_000L, "event_relay:relay/2", 10L, 1_000L))
                .build();
        ByteArrayOutputStream newBytes = new ByteArrayOutputStream();
        BinaryEncoder e2 = EncoderFactory.get().binaryEncoder(newBytes, null);
        new SpecificDatumWriter<>(Alarm.class).write(now, e2);
        e2.flush();
        GenericRecord read = new GenericDatumReader<GenericRecord>(Alarm.getClassSchema(), before)
                .read(null, DecoderFactory.get().binaryDecoder(newBytes.toByteArray(), null));
        assertThat(read.get("id").toString()).isEqualTo("a/bottleneck/max_message_queue");
        assertThat(read.getSchema().getField("culprit")).isNull();
    }
}
