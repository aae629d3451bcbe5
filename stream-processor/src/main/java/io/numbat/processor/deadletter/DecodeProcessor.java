package io.numbat.processor.deadletter;

import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.registry.RetriableSchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw input bytes. A record that can never be used (not Avro, an unknown schema id, a
 * tombstone, a key that does not match its value, a value the validator refuses) becomes a
 * {@link Decoded#failed} value carrying its source topic, partition, offset and the error, so the
 * topology can route it to {@code numbat.dead-letters} and carry on with the next record. A
 * registry that cannot answer now is not the record's fault: the record waits, retried with the
 * {@link RegistryBackoff}, and if the registry stays away the processor fails instead of
 * dead-lettering a good record.
 */
public final class DecodeProcessor<T> implements FixedKeyProcessor<String, byte[], Decoded<T>> {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);
    private final Deserializer<T> deserializer;
    private final String component;
    private final Validator<T> validator;
    private final RegistryBackoff backoff;

    /** A check of a decoded value and its key against the wall clock: the reason it is unusable, or null. */
    @FunctionalInterface
    public interface Validator<T> {
        String problem(String key, T value, long nowMillis);
    }

    private FixedKeyProcessorContext<String, Decoded<T>> context;

    public DecodeProcessor(
            Deserializer<T> deserializer, String component, Validator<T> validator, RegistryBackoff backoff) {
        this.deserializer = deserializer;
        this.component = component;
        this.validator = validator;
        this.backoff = backoff;
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
            T value = record.value() == null ? null : deserialize(md, record.value());
            if (value == null) {
                throw new IllegalArgumentException(
                        "record has no value (a tombstone is not valid on " + md.topic() + ")");
            }
            String problem = validator.problem(record.key(), value, context.currentSystemTimeMs());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            decoded = Decoded.ok(value);
        } catch (RegistryUnavailableTooLong e) {
            throw e;
        } catch (RuntimeException e) {
            byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            decoded = Decoded.failed(DeadLetters.of(
                    component, md.topic(), md.partition(), md.offset(), record.timestamp(), key, record.value(), e));
        }
        context.forward(record.withValue(decoded));
    }

    /** Deserializes, retrying while the registry cannot answer; a permanent failure is thrown at once. */
    private T deserialize(RecordMetadata md, byte[] bytes) {
        long deadline = System.nanoTime() + backoff.giveUpAfter().toNanos();
        Duration wait = backoff.first();
        for (int attempt = 1; ; attempt++) {
            try {
                return deserializer.deserialize(md.topic(), bytes);
            } catch (RetriableSchemaRegistryException e) {
                if (System.nanoTime() + wait.toNanos() > deadline
                        || Thread.currentThread().isInterrupted()) {
                    throw new RegistryUnavailableTooLong(md, attempt, e);
                }
                LOG.warn(
                        "{}-{}@{} waits for the schema registry (attempt {}, next in {} ms): {}",
                        md.topic(),
                        md.partition(),
                        md.offset(),
                        attempt,
                        wait.toMillis(),
                        e.getMessage());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableTooLong(md, attempt, e);
                }
                wait = backoff.next(wait);
            }
        }
    }

    /** The registry stayed away longer than the backoff allows: the record is fine and must not be dead-lettered. */
    static final class RegistryUnavailableTooLong extends RetriableSchemaRegistryException {
        RegistryUnavailableTooLong(RecordMetadata md, int attempts, RetriableSchemaRegistryException cause) {
            super(
                    "gave up waiting for the schema registry after " + attempts + " attempts on " + md.topic() + "-"
                            + md.partition() + "@" + md.offset()
                            + " (the record is not dead-lettered; it is read again after "
                            + "a restart): " + cause.getMessage(),
                    cause);
        }
    }
}
