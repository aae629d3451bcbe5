package io.numbat.processor.deadletter;

import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Turns a record that Kafka Streams' exception handlers gave up on into the {@link DeadLetter} record
 * for {@code numbat.dead-letters} (keyed by the source topic, like the topology's own dead letters),
 * which the handler returns for Streams to produce. Streams creates the handlers by class name, so
 * one instance of this reaches them through the Streams config under {@link #CONFIG}. Counts what it
 * dead-lettered and what it had to drop.
 */
public final class DeadLetterRecords {
    /** The Streams config key holding this object. */
    public static final String CONFIG = "numbat.dead-letter.records";

    private final String component;
    private final Serializer<DeadLetter> serializer;
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public DeadLetterRecords(String component, SchemaRegistryClient registry) {
        this.component = component;
        this.serializer = Topics.DEAD_LETTERS.valueSerde(registry).serializer();
    }

    /** The instance in a handler's configuration. */
    static DeadLetterRecords from(Map<String, ?> configs) {
        if (!(configs.get(CONFIG) instanceof DeadLetterRecords records)) {
            throw new ConfigException(
                    CONFIG,
                    configs.get(CONFIG),
                    "the dead-letter handlers need a " + DeadLetterRecords.class.getName()
                            + " (TopologyFactory.topologyProperties sets it)");
        }
        return records;
    }

    /** The dead letter of the record being handled: where it came from, its bytes (head) and the error. */
    ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, byte[] key, byte[] value, Exception error) {
        String topic =
                context.topic() != null ? context.topic() : "(no source record: " + context.processorNodeId() + ")";
        return of(DeadLetters.of(
                component, topic, context.partition(), context.offset(), context.timestamp(), key, value, error));
    }

    ProducerRecord<byte[], byte[]> of(DeadLetter letter) {
        deadLettered.incrementAndGet();
        return new ProducerRecord<>(
                Topics.DEAD_LETTERS.name(),
                null,
                letter.getSourceTopic().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(Topics.DEAD_LETTERS.name(), letter));
    }

    /** Counts a record that could not even be dead-lettered. */
    long drop() {
        return dropped.incrementAndGet();
    }

    /** Records the handlers dead-lettered since start. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Records dropped since start because not even their dead letter could be produced. */
    public long dropped() {
        return dropped.get();
    }

    static byte[] utf8(Object o) {
        return o == null ? null : String.valueOf(o).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeadLetterRecords[" + component + ", dead-lettered " + deadLettered + ", dropped " + dropped + "]";
    }
}
