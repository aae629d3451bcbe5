package io.numbat.processor.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** What Numbat's Kafka Streams exception handlers answer: a dead letter and go on, retry, or fail. */
class DeadLetteringHandlersTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final DeadLetterRecords records = new DeadLetterRecords("stream-processor", registry);
    private final Map<String, Object> config = Map.of(DeadLetterRecords.CONFIG, records);

    /** The input record numbat.metrics-0@41 being processed when the error happened. */
    private record Context(byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override
        public String topic() {
            return Topics.METRICS.name();
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 41;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "node-health";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 1_000;
        }
    }

    private DeadLetter read(ProducerRecord<byte[], byte[]> record) {
        assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        return Topics.DEAD_LETTERS.valueSerde(registry).deserializer().deserialize(record.topic(), record.value());
    }

    private ProductionExceptionHandler production() {
        ProductionExceptionHandler handler = new DeadLetteringProductionHandler();
        handler.configure(config);
        return handler;
    }

    @Test
    void anOutputTheBrokerRefusesAsTooLargeIsDeadLetteredInAFittingRecord() {
        byte[] huge = new byte[5 * 1024 * 1024];
        ProductionExceptionHandler.Response response = production()
                .handleError(
                        new Context(null, null),
                        new ProducerRecord<>(Topics.TREND_WINDOWS.name(), "a/1".getBytes(), huge),
                        new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(r -> {
            assertThat(r.value().length).isLessThan(1_000_000);
            DeadLetter d = read(r);
            assertThat(d.getSourceTopic()).isEqualTo(Topics.METRICS.name());
            assertThat(d.getOffset()).isEqualTo(41);
            assertThat(d.getValueSize()).isEqualTo(huge.length);
            assertThat(d.getError())
                    .contains("cannot produce")
                    .contains(Topics.TREND_WINDOWS.name())
                    .contains("too large");
        });
        assertThat(records.deadLettered()).isEqualTo(1);
    }

    @Test
    void aDeadLetterThatCannotBeProducedIsDroppedAndCountedNeverRetried() {
        ProductionExceptionHandler.Response response = production()
                .handleError(
                        new Context(null, null),
                        new ProducerRecord<>(Topics.DEAD_LETTERS.name(), new byte[1], new byte[2]),
                        new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(records.dropped()).isEqualTo(1);
    }

    @Test
    void aBrokerTimeoutIsRetriedNotDeadLettered() {
        ProductionExceptionHandler.Response response = production()
                .handleError(
                        new Context(null, null),
                        new ProducerRecord<>(Topics.TREND_WINDOWS.name(), new byte[1], new byte[2]),
                        new TimeoutException("no broker"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void anUnreachableRegistryWhileSerializingFailsButAnUnserializableOutputIsDeadLettered() {
        SerializationException transientError = new SerializationException(
                "cannot register",
                new SchemaRegistryUnavailableException("http://registry", new IOException("connection refused")));
        assertThat(production()
                        .handleSerializationError(
                                new Context(null, null),
                                new ProducerRecord<>(Topics.TREND_WINDOWS.name(), "k", "v"),
                                transientError,
                                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE)
                        .result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);

        ProductionExceptionHandler.Response response = production()
                .handleSerializationError(
                        new Context("a".getBytes(), new byte[] {7}),
                        new ProducerRecord<>(Topics.TREND_WINDOWS.name(), "k", "v"),
                        new SerializationException("not Avro"),
                        ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords())
                .singleElement()
                .satisfies(r -> assertThat(read(r).getValue().array()).containsExactly(7));
    }

    @Test
    void aRecordAProcessorFailsOnIsDeadLetteredWithItsSourceBytes() {
        ProcessingExceptionHandler handler = new DeadLetteringProcessingHandler();
        handler.configure(config);
        ProcessingExceptionHandler.Response response = handler.handleError(
                new Context(null, new byte[] {0, 1}),
                new Record<>(null, "batch", 1_000),
                new NullPointerException("key cannot be null"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(r -> {
            DeadLetter d = read(r);
            assertThat(d.getError()).contains("NullPointerException").contains("key cannot be null");
            assertThat(d.getKeySize()).isEqualTo(-1);
            assertThat(d.getValue().array()).containsExactly(0, 1);
        });
    }

    @Test
    void aProcessorWaitingForTheRegistryTooLongFailsInsteadOfDeadLettering() {
        ProcessingExceptionHandler handler = new DeadLetteringProcessingHandler();
        handler.configure(config);
        ProcessingExceptionHandler.Response response = handler.handleError(
                new Context(null, new byte[] {0, 1}),
                new Record<>("a", "batch", 1_000),
                new SchemaRegistryUnavailableException("http://registry", new IOException("connection refused")));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }
}
