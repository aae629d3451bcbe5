package io.numbat.processor.deadletter;

import io.numbat.schemas.registry.RetriableSchemaRegistryException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind the topology's own checks: a record that makes a processor throw goes to
 * {@code numbat.dead-letters} with the error (its source bytes, or its text if Streams no longer holds
 * them), and the stream goes on, instead of the thread failing on the same record again and again.
 * Two cases fail instead, and the processor exits: a registry that stayed unreachable (the record is
 * fine and waits for the restart) and a failing punctuation (a bug with no record to set aside).
 */
public final class DeadLetteringProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProcessingHandler.class);
    private DeadLetterRecords records;

    @Override
    public void configure(Map<String, ?> configs) {
        records = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception error) {
        if (RetriableSchemaRegistryException.in(error).isPresent()) {
            LOG.error(
                    "processor {} cannot go on now (the record is not dead-lettered): {}",
                    context.processorNodeId(),
                    error.toString());
            return Response.fail();
        }
        if (record == null || context.topic() == null) {
            LOG.error("punctuation of processor {} failed", context.processorNodeId(), error);
            return Response.fail();
        }
        LOG.warn(
                "dead-lettering {}-{}@{}: processor {} failed on it",
                context.topic(),
                context.partition(),
                context.offset(),
                context.processorNodeId(),
                error);
        byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : DeadLetterRecords.utf8(record.key());
        byte[] value =
                context.sourceRawValue() != null ? context.sourceRawValue() : DeadLetterRecords.utf8(record.value());
        return Response.resume(List.of(records.of(context, key, value, error)));
    }
}
