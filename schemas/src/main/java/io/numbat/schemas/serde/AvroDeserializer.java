package io.numbat.schemas.serde;

import io.numbat.schemas.registry.RetriableSchemaRegistryException;
import io.numbat.schemas.registry.SchemaRegistryClient;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire format records into a generated SpecificRecord class, resolving each record's writer
 * schema (fetched once per id from the registry) against the class's schema, so older and newer writers work.
 * Anything malformed becomes a {@link SerializationException} naming the topic, never a half-read record; a
 * registry that cannot answer now becomes a {@link RetriableSchemaRegistryException}: the record may be fine.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final ConcurrentMap<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient client;
    private volatile boolean ownsClient;
    private volatile Class<T> type;

    /** For creation by class name; {@link #configure} must supply the registry URL and {@code numbat.avro.type}. */
    public AvroDeserializer() {}

    /** A deserializer producing {@code type}, fetching writer schemas from {@code client}. */
    public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
        this.client = Objects.requireNonNull(client, "client");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** Fills in whatever the constructor did not give: the client from the URL, the type from its class name. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (type == null) {
            type = cast(AvroSerdeConfig.type(configs));
        }
        if (client == null) {
            client = AvroSerdeConfig.client(configs);
            ownsClient = true;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Class<T> cast(Class<? extends SpecificRecord> type) {
        return (Class<T>) type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null || type == null) {
            throw new SerializationException("AvroDeserializer for topic " + topic + " is not configured: pass a "
                    + "client and type or configure " + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " and "
                    + AvroSerdeConfig.AVRO_TYPE_CONFIG);
        }
        try {
            int id = ConfluentWireFormat.schemaId(data);
            return decode(reader(id), id, data);
        } catch (RetriableSchemaRegistryException e) {
            // the record may be fine: say so in the type, so the caller retries instead of giving up on it
            throw new RetriableSchemaRegistryException(
                    "cannot read a record from topic " + topic + " now: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "cannot deserialize a record of " + data.length + " bytes from topic " + topic + " as "
                            + type.getName() + ": " + e.getMessage(),
                    e);
        }
    }

    private SpecificDatumReader<T> reader(int id) {
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        Schema writer = client.getById(id);
        SpecificData model = FastCoders.model(type);
        reader = new SpecificDatumReader<>(writer, model.getSchema(type), model);
        SpecificDatumReader<T> raced = readers.putIfAbsent(id, reader);
        return raced != null ? raced : reader;
    }

    /**
     * Skips through the body with the writer schema first: that proves every length in it fits inside the record
     * (so corrupt data cannot make Avro allocate huge arrays) and that no bytes are left over, then reads it.
     */
    private T decode(SpecificDatumReader<T> reader, int id, byte[] data) {
        int offset = ConfluentWireFormat.HEADER_SIZE;
        int length = data.length - offset;
        try {
            BinaryDecoder check = DecoderFactory.get().binaryDecoder(data, offset, length, null);
            GenericDatumReader.skip(reader.getSchema(), check);
            if (!check.isEnd()) {
                throw new SerializationException(
                        check.inputStream().available() + " unread bytes after the Avro body of schema " + id);
            }
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, offset, length, null));
        } catch (EOFException e) {
            throw new SerializationException("Avro body of " + length + " bytes is truncated for schema " + id, e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException) {
                throw (SerializationException) e;
            }
            throw new SerializationException("malformed Avro body for schema " + id + ": " + e, e);
        }
    }

    /** Closes the registry client if this deserializer created it from its configuration. */
    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
