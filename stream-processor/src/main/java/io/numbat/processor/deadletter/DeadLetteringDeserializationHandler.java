package io.numbat.processor.deadletter;

import io.numbat.schemas.registry.RetriableSchemaRegistryException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record Kafka Streams could not deserialize before any processor saw it (the input topics are
 * read as bytes and decoded by {@link DecodeProcessor}, so this is a corrupt record on an internal
 * repartition topic) goes to {@code numbat.dead-letters} with its bytes and the error, and the
 * stream goes on. A registry that cannot answer now is not the record's fault: that fails the
 * thread, the processor exits, and the record is read again after the restart.
 */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);
    private DeadLetterRecords records;

    @Override
    public void configure(Map<String, ?> configs) {
        records = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception error) {
        if (RetriableSchemaRegistryException.in(error).isPresent()) {
            LOG.error(
                    "cannot deserialize {}-{}@{} now (the record is not dead-lettered): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    error.toString());
            return Response.fail();
        }
        LOG.warn(
                "dead-lettering unreadable {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                error.toString());
        return Response.resume(List.of(records.of(context, record.key(), record.value(), error)));
    }
}
