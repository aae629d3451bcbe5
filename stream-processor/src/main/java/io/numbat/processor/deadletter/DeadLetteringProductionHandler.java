package io.numbat.processor.deadletter;

import io.numbat.schemas.registry.RetriableSchemaRegistryException;
import io.numbat.schemas.topic.Topics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record the broker refuses for good (too large, for one) or that cannot be serialized goes
 * to {@code numbat.dead-letters} in its place, with the input record's position and the error, and
 * the stream goes on. A dead letter that cannot be produced itself is logged and dropped, with a
 * count ({@link DeadLetterRecords#dropped}), never retried forever. Transient failures are not the
 * record's fault: a retriable broker error is retried (Streams re-processes the task from its last
 * commit), a registry that cannot answer now fails the thread and the processor exits.
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);
    private DeadLetterRecords records;

    @Override
    public void configure(Map<String, ?> configs) {
        records = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception error) {
        if (error instanceof RetriableException) {
            return Response.retry();
        }
        if (record.topic().equals(Topics.DEAD_LETTERS.name())) {
            return drop(record, error);
        }
        LOG.warn(
                "dead-lettering a record for {} produced from {}-{}@{}: {}",
                record.topic(),
                context.topic(),
                context.partition(),
                context.offset(),
                error.toString());
        return Response.resume(List.of(records.of(
                context,
                record.key(),
                record.value(),
                new IllegalStateException(
                        "cannot produce a record of " + size(record) + " bytes to " + record.topic(), error))));
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public Response handleSerializationError(
            ErrorHandlerContext context, ProducerRecord record, Exception error, SerializationExceptionOrigin origin) {
        if (RetriableSchemaRegistryException.in(error).isPresent()) {
            LOG.error(
                    "cannot serialize a record for {} now (it is not dead-lettered): {}",
                    record.topic(),
                    error.toString());
            return Response.fail();
        }
        if (record.topic().equals(Topics.DEAD_LETTERS.name())) {
            return drop(record, error);
        }
        LOG.warn(
                "dead-lettering the input {}-{}@{}: its output for {} cannot be serialized: {}",
                context.topic(),
                context.partition(),
                context.offset(),
                record.topic(),
                error.toString());
        byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : DeadLetterRecords.utf8(record.key());
        byte[] value =
                context.sourceRawValue() != null ? context.sourceRawValue() : DeadLetterRecords.utf8(record.value());
        return Response.resume(List.of(records.of(
                context,
                key,
                value,
                new IllegalStateException(
                        "cannot serialize the " + origin.name().toLowerCase(Locale.ROOT) + " of a record for "
                                + record.topic(),
                        error))));
    }

    private Response drop(ProducerRecord<?, ?> record, Exception error) {
        long dropped = records.drop();
        LOG.error("dropped a dead letter that cannot be produced ({} so far): {}", dropped, error.toString());
        return Response.resume();
    }

    private static int size(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
    }
}
