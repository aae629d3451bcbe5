package io.numbat.schemas.serde;

import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * The Kafka configuration keys read by {@link AvroSerializer}, {@link AvroDeserializer} and {@link AvroSerde}
 * when a tool creates them by class name, and the code that turns those keys into a client and a record type.
 */
public final class AvroSerdeConfig {
    /** Base URL of the Confluent-compatible registry, e.g. {@code http://127.0.0.1:8080/apis/ccompat/v7}. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    /** Fully qualified name of the generated SpecificRecord class the deserializer produces. */
    public static final String AVRO_TYPE_CONFIG = "numbat.avro.type";

    private AvroSerdeConfig() {}

    /** A REST client for the URL under {@link #SCHEMA_REGISTRY_URL_CONFIG}. */
    static SchemaRegistryClient client(Map<String, ?> configs) {
        String url = required(configs, SCHEMA_REGISTRY_URL_CONFIG).toString().strip();
        try {
            return new RestSchemaRegistryClient(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, url, e.getMessage());
        }
    }

    /** The SpecificRecord class named (or given as a Class) under {@link #AVRO_TYPE_CONFIG}. */
    static Class<? extends SpecificRecord> type(Map<String, ?> configs) {
        Object value = required(configs, AVRO_TYPE_CONFIG);
        Class<?> type;
        if (value instanceof Class) {
            type = (Class<?>) value;
        } else {
            try {
                type = Class.forName(value.toString().strip(), true, classLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ConfigException(AVRO_TYPE_CONFIG, value, "class not found: " + e.getMessage());
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(AVRO_TYPE_CONFIG, value, "not an Avro SpecificRecord class");
        }
        return type.asSubclass(SpecificRecord.class);
    }

    private static Object required(Map<String, ?> configs, String key) {
        Object value = configs == null ? null : configs.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException("missing required configuration \"" + key + "\"");
        }
        return value;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : AvroSerdeConfig.class.getClassLoader();
    }
}
