package io.numbat.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.MetricAnomalyScore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
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
 * The console's anomaly chart (issue 18) added {@code alarmThreshold} (default null) to {@code AnomalyScores}: records
 * written before decode without a threshold, and readers of the old schema read the new records.
 */
class AnomalyScoresThresholdEvolutionTest {
    private static Schema before() throws IOException {
        try (InputStream in =
                AnomalyScoresThresholdEvolutionTest.class.getResourceAsStream("AnomalyScores-before-threshold.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void theNewSchemaIsBackwardAndForwardCompatible() throws IOException {
        Schema before = before();
        Schema now = AnomalyScores.getClassSchema();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void anOldRecordHasNoThresholdAndAnOldReaderSkipsIt() throws IOException {
        Schema before = before();
        GenericRecord old = new GenericData.Record(before);
        old.put("node", "web-1@sim");
        old.put("family", "web");
        old.put("windowStart", 1_700_000_000_000L);
        old.put("windowEnd", 1_700_000_060_000L);
        Schema element = before.getField("scores").schema().getElementType();
        GenericRecord score = new GenericData.Record(element);
        score.put("metric", 10);
        score.put("max", 0.4);
        score.put("last", 0.1);
        score.put("samples", 6);
        old.put("scores", List.of(score));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();
        AnomalyScores decoded = new SpecificDatumReader<AnomalyScores>(before, AnomalyScores.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(decoded.getAlarmThreshold()).isNull();
        assertThat(decoded.getScores().get(0).getMax()).isEqualTo(0.4);

        AnomalyScores now = AnomalyScores.newBuilder()
                .setNode("web-1@sim")
                .setFamily("web")
                .setWindowStart(Instant.ofEpochMilli(1_700_000_000_000L))
                .setWindowEnd(Instant.ofEpochMilli(1_700_000_060_000L))
                .setScores(List.of(new MetricAnomalyScore(10, 0.97, 0.2, 6)))
                .setAlarmThreshold(0.95)
                .build();
        ByteArrayOutputStream newBytes = new ByteArrayOutputStream();
        BinaryEncoder e2 = EncoderFactory.get().binaryEncoder(newBytes, null);
        new SpecificDatumWriter<>(AnomalyScores.class).write(now, e2);
        e2.flush();
        GenericRecord read = new GenericDatumReader<GenericRecord>(AnomalyScores.getClassSchema(), before)
                .read(null, DecoderFactory.get().binaryDecoder(newBytes.toByteArray(), null));
        assertThat(read.get("node").toString()).isEqualTo("web-1@sim");
        assertThat(read.getSchema().getField("alarmThreshold")).isNull();
    }
}
