package io.numbat.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
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
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Node log events (issue 16) added the kind {@code LOG}, the enum's reader-side default {@code UNKNOWN} and the
 * fields {@code level}, {@code message}, {@code metadata}, {@code report}, {@code droppedLogs} to {@code NodeEvent}:
 * events written before still decode (no log fields); a kind added after this one is read as UNKNOWN. A reader of
 * the schema before cannot read a LOG event (its enum had no default): readers are upgraded before agents.
 */
class NodeEventEvolutionTest {
    private static Schema before() throws IOException {
        try (InputStream in = NodeEventEvolutionTest.class.getResourceAsStream("NodeEvent-before-log.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void theNewSchemaReadsTheOldOneAndOldReadersNeedTheUpgradeForLog() throws IOException {
        Schema before = before();
        Schema now = NodeEvent.getClassSchema();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        // the old enum has neither LOG nor a default: an old reader fails on LOG (dead-lettered by Numbat's readers)
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void anOldEventDecodesWithoutLogFields() throws IOException {
        Schema before = before();
        GenericRecord old = new GenericData.Record(before);
        old.put("node", "a@h");
        old.put("family", "beam");
        old.put("timestamp", 1_700_000_000_000L);
        old.put("type", new GenericData.EnumSymbol(before.getField("type").schema(), "DOWN"));
        old.put("limits", new GenericData.Array<>(before.getField("limits").schema(), List.of()));
        old.put("reason", "gone");
        NodeEvent decoded = read(before, old);
        assertThat(decoded.getType()).isEqualTo(NodeEventType.DOWN);
        assertThat(decoded.getReason()).isEqualTo("gone");
        assertThat(decoded.getLevel()).isNull();
        assertThat(decoded.getMessage()).isNull();
        assertThat(decoded.getMetadata()).isEmpty();
        assertThat(decoded.getReport()).isNull();
        assertThat(decoded.getDroppedLogs()).isZero();
    }

    @Test
    void aKindAddedLaterIsReadAsUnknown() throws IOException {
        Schema later = new Schema.Parser()
                .parse(NodeEvent.getClassSchema().toString().replace("\"UNKNOWN\"]", "\"UNKNOWN\",\"DRAINING\"]"));
        assertThat(later.getField("type").schema().getEnumSymbols()).contains("DRAINING");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(NodeEvent.getClassSchema(), later)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        GenericRecord future = new GenericData.Record(later);
        future.put("node", "a@h");
        future.put("family", "beam");
        future.put("timestamp", 1_700_000_000_000L);
        future.put("type", new GenericData.EnumSymbol(later.getField("type").schema(), "DRAINING"));
        future.put("limits", new GenericData.Array<>(later.getField("limits").schema(), List.of()));
        future.put("metadata", Map.of());
        future.put("droppedLogs", 0L);
        assertThat(read(later, future).getType()).isEqualTo(NodeEventType.UNKNOWN);
    }

    @Test
    void aLogEventRoundTrips() throws IOException {
        NodeEvent log = NodeEvent.newBuilder()
                .setNode("a@h")
                .setFamily("beam")
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
                .setType(NodeEventType.LOG)
                .setLevel("error")
                .setMessage("payment failed: timeout")
                .setMetadata(Map.of("mfa", "shop:pay/2", "pid", "<0.99.0>"))
                .setReport(null)
                .setDroppedLogs(3L)
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(NodeEvent.class).write(log, encoder);
        encoder.flush();
        NodeEvent back = new SpecificDatumReader<>(NodeEvent.class)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(back).isEqualTo(log);
    }

    private static NodeEvent read(Schema writer, GenericRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return new SpecificDatumReader<NodeEvent>(writer, NodeEvent.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
