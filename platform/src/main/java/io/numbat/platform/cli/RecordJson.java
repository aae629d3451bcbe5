package io.numbat.platform.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** An Avro record as plain JSON for {@code --json}: field names as in the schema, timestamps in ISO 8601. */
final class RecordJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {}

    static ObjectNode of(SpecificRecord record) {
        ObjectNode o = MAPPER.createObjectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            o.set(f.name(), value(record.get(f.pos())));
        }
        return o;
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return MAPPER.nullNode();
        }
        if (v instanceof SpecificRecord r) {
            return of(r);
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = MAPPER.createArrayNode();
            c.forEach(e -> a.add(value(e)));
            return a;
        }
        if (v instanceof Instant i) {
            return MAPPER.getNodeFactory().textNode(i.toString());
        }
        if (v instanceof Boolean || v instanceof Number) {
            return MAPPER.valueToTree(v);
        }
        return MAPPER.getNodeFactory().textNode(v.toString()); // strings, enums
    }

    static String print(SpecificRecord record) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(of(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
