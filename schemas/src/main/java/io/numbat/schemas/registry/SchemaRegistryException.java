package io.numbat.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry call failed. It extends Kafka's {@link SerializationException} so that a registry failure
 * inside a serializer reaches Kafka (and Kafka Streams' exception handlers) as the exception they expect.
 */
public class SchemaRegistryException extends SerializationException {

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
