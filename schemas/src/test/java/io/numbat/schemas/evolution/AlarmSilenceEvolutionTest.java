package io.numbat.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
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
 * Silences (issue 17) added {@code silenced} (default false) and {@code silenceId} (default null) to {@code Alarm}:
 * alarms written before decode as not silenced, and readers of the old schema (an older forwarder or console) read the
 * new alarms.
 */
class AlarmSilenceEvolutionTest {
    private static Schema before() throws IOException {
        try (InputStream in = AlarmSilenceEvolutionTest.class.getResourceAsStream("Alarm-before-silence.avsc")) {
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
    void anOldAlarmIsNotSilencedAndAnOldReaderSkipsTheMark() throws IOException {
        Schema before = before();
        GenericRecord old = new GenericData.Record(before);
        old.put("id", "a/node_down");
        old.put("type", "node_down");
        old.put("state", new GenericData.EnumSymbol(before.getField("state").schema(), "RAISED"));
        old.put(
                "severity",
                new GenericData.EnumSymbol(before.getField("severity").schema(), "CRITICAL"));
        old.put("timestamp", 1_700_000_000_000L);
        old.put("cause", "no metrics");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();
        Alarm decoded = new SpecificDatumReader<Alarm>(before, Alarm.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(decoded.getSilenced()).isFalse();
        assertThat(decoded.getSilenceId()).isNull();

        Alarm now = Alarm.newBuilder()
                .setId("a/node_down")
                .setType("node_down")
                .setState(AlarmState.RAISED)
                .setSeverity(Severity.CRITICAL)
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
                .setCause("no metrics")
                .setSilenced(true)
                .setSilenceId("s-1")
                .build();
        ByteArrayOutputStream newBytes = new ByteArrayOutputStream();
        BinaryEncoder e2 = EncoderFactory.get().binaryEncoder(newBytes, null);
        new SpecificDatumWriter<>(Alarm.class).write(now, e2);
        e2.flush();
        GenericRecord read = new GenericDatumReader<GenericRecord>(Alarm.getClassSchema(), before)
                .read(null, DecoderFactory.get().binaryDecoder(newBytes.toByteArray(), null));
        assertThat(read.get("id").toString()).isEqualTo("a/node_down");
        assertThat(read.getSchema().getField("silenced")).isNull();
    }
}
