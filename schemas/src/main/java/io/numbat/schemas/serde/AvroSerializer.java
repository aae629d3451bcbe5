package io.numbat.schemas.serde;

import io.numbat.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro SpecificRecords in the Confluent wire format, registering each record schema under
 * {@code <topic>-value} (or {@code -key}) the first time it is used for a topic. Ids and writers are cached, so
 * after warm-up the registry is never called; safe for concurrent use by several stream threads.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final ConcurrentMap<SchemaKey, Integer> ids = new ConcurrentHashMap<>();
    private final ConcurrentMap<Class<?>, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient client;
    private volatile boolean ownsClient;
    private volatile boolean isKey;

    /** For creation by class name; {@link #configure} must then supply {@code schema.registry.url}. */
    public AvroSerializer() {}

    /** A serializer registering its schemas in {@code client} under the key or value subject of each topic. */
    public AvroSerializer(SchemaRegistryClient client, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.isKey = isKey;
    }

    /** Records whether this serializes keys and, if no client was given, connects to {@code schema.registry.url}. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (client == null) {
            client = AvroSerdeConfig.client(configs);
            ownsClient = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(ConfluentWireFormat.header(id));
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(data).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    /** The subject this serializer registers under for {@code topic} (TopicNameStrategy). */
    public String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    private int schemaId(String topic, Schema schema) {
        SchemaKey key = new SchemaKey(topic, schema);
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new SerializationException(
                    "AvroSerializer for topic " + topic + " has no schema registry: pass a client or configure "
                            + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
        }
        String subject = subject(topic);
        try {
            id = registry.register(subject, schema);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "cannot register the schema of " + schema.getFullName() + " for topic " + topic + " under subject "
                            + subject + " at " + registry.url() + ": " + e.getMessage(),
                    e);
        }
        Integer raced = ids.putIfAbsent(key, id);
        return raced != null ? raced : id;
    }

    private DatumWriter<T> writer(T data) {
        return writers.computeIfAbsent(
                data.getClass(), type -> new SpecificDatumWriter<>(data.getSchema(), FastCoders.model(type)));
    }

    /** Closes the registry client if this serializer created it from its configuration. */
    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private record SchemaKey(String topic, Schema schema) {}
}
