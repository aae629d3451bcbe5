package io.numbat.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * The top processes (issue 14) added {@code topReductions}, {@code topMemory} and {@code topWindowMillis} to
 * {@code MetricBatch} and {@code currentFunction}, {@code reductions} and {@code memory} to {@code ProcessQueue}:
 * batches written before still decode, and readers of the old schema read the new batches.
 */
class MetricBatchEvolutionTest {
    private static Schema before() throws IOException {
        try (InputStream in =
                MetricBatchEvolutionTest.class.getResourceAsStream("MetricBatch-before-top-processes.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void theRegistryAcceptsTheNewSchemaUnderBackwardAndOldReadersStillRead() throws IOException {
        Schema before = before();
        Schema now = MetricBatch.getClassSchema();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before)
                        .getType())
                .as("BACKWARD: new readers read old batches")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now)
                        .getType())
                .as("FORWARD: old readers read new batches")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void bytesWrittenWithTheOldSchemaDecodeWithEmptyTopListsAndZeroedNewMeasures() throws IOException {
        Schema before = before();
        Schema queueSchema = before.getField("queues").schema().getElementType();
        Schema sampleSchema = before.getField("samples").schema().getElementType();
        GenericRecord queue = new GenericData.Record(queueSchema);
        queue.put("process", "my_cache");
        queue.put("pid", "<0.42.0>");
        queue.put("length", 5_000L);
        GenericRecord sample = new GenericData.Record(sampleSchema);
        sample.put("metric", 23);
        sample.put("value", 5_000.0);
        GenericRecord old = new GenericData.Record(before);
        old.put("node", "web-1@host");
        old.put("family", "web");
        old.put("timestamp", 1_700_000_000_000L);
        old.put("sequence", 7L);
        old.put("samples", List.of(sample));
        old.put("limits", List.of());
        old.put("queues", List.of(queue));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();

        SpecificDatumReader<MetricBatch> reader = new SpecificDatumReader<>(before, MetricBatch.getClassSchema());
        MetricBatch decoded = reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(decoded.getNode()).isEqualTo("web-1@host");
        assertThat(decoded.getSequence()).isEqualTo(7L);
        assertThat(decoded.getQueues()).containsExactly(new ProcessQueue("my_cache", "<0.42.0>", 5_000L, "", 0L, 0L));
        assertThat(decoded.getTopReductions()).isEmpty();
        assertThat(decoded.getTopMemory()).isEmpty();
        assertThat(decoded.getTopWindowMillis()).isZero();
    }

    @Test
    void anOldReaderSkipsTheTopListsOfANewBatch() throws IOException {
        ProcessQueue runaway =
                new ProcessQueue("busy_loop:run/0", "<0.99.0>", 0L, "busy_loop:run/0", 4_000_000L, 2_640L);
        MetricBatch now = MetricBatch.newBuilder()
                .setNode("web-1@host")
                .setFamily("web")
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
                .setSequence(8L)
                .setSamples(List.of())
                .setTopReductions(List.of(runaway))
                .setTopMemory(List.of(runaway))
                .setTopWindowMillis(10_000L)
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(MetricBatch.class).write(now, encoder);
        encoder.flush();

        GenericRecord old = new GenericDatumReader<GenericRecord>(MetricBatch.getClassSchema(), before())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(Map.of("node", old.get("node").toString(), "sequence", old.get("sequence")))
                .containsEntry("node", "web-1@host")
                .containsEntry("sequence", 8L);
        assertThat(old.getSchema().getField("topReductions")).isNull();
    }
}
