package io.numbat.schemas.serde;

import io.numbat.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for one generated Avro class in the Confluent wire format: an {@link AvroSerializer}
 * and an {@link AvroDeserializer} sharing one registry client.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** For creation by class name; {@link #configure} must supply the registry URL and {@code numbat.avro.type}. */
    public AvroSerde() {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>();
    }

    /** A value serde for {@code type} using {@code client}. */
    public AvroSerde(SchemaRegistryClient client, Class<T> type) {
        this(client, type, false);
    }

    /** A key ({@code isKey}) or value serde for {@code type} using {@code client}. */
    public AvroSerde(SchemaRegistryClient client, Class<T> type, boolean isKey) {
        this.serializer = new AvroSerializer<>(client, isKey);
        this.deserializer = new AvroDeserializer<>(client, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
