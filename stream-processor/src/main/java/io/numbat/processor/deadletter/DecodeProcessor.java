package io.numbat.processor.deadletter;

import io.numbat.schemas.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes raw input bytes. A record that cannot be decoded becomes a {@link Decoded#failed} value
 * carrying its source topic, partition, offset and the error, so the topology can route it to
 * {@code numbat.dead-letters} and carry on with the next record.
 */
public final class DecodeProcessor<T> implements FixedKeyProcessor<String, byte[], Decoded<T>> {
    private final Deserializer<T> deserializer;
    private final String component;
    private final Validator<T> validator;

    /** A check of a decoded value against the wall clock: the reason it is unusable, or null. */
    @FunctionalInterface
    public interface Validator<T> {
        String problem(T value, long nowMillis);
    }
    private FixedKeyProcessorContext<String, Decoded<T>> context;

    public DecodeProcessor(Deserializer<T> deserializer, String component, Validator<T> validator) {
        this.deserializer = deserializer;
        this.component = component;
        this.validator = validator;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata md = context.recordMetadata().orElseThrow();
        Decoded<T> decoded;
        try {
            T value = record.value() == null ? null : deserializer.deserialize(md.topic(), record.value());
            if (value == null) {
                throw new IllegalArgumentException("record has no value (a tombstone is not valid on " + md.topic() + ")");
            }
            String problem = validator.problem(value, context.currentSystemTimeMs());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            decoded = Decoded.ok(value);
        } catch (RuntimeException e) {
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            decoded = Decoded.failed(DeadLetters.of(component, md.topic(), md.partition(), md.offset(),
                    record.timestamp(), key, record.value(), e));
        }
        context.forward(record.withValue(decoded));
    }
}
