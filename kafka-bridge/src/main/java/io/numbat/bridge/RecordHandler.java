package io.numbat.bridge;

import io.vertx.core.Handler;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@link TopicPump} does with a record, in two steps: {@link #prepare} on the pump's own thread,
 * where blocking is fine (decoding, which may ask the schema registry), and the work it returns on the
 * Vert.x context. Either step may throw; the pump's {@link FailurePolicy} then settles the record, and a
 * retry runs both steps again.
 */
@FunctionalInterface
public interface RecordHandler {
    /** Called on the pump's thread; returns what to run on the context for {@code record}. */
    Runnable prepare(ConsumerRecord<String, byte[]> record);

    /** A handler with nothing to prepare: {@code handler} gets the record on the context. */
    static RecordHandler onContext(Handler<ConsumerRecord<String, byte[]>> handler) {
        return r -> () -> handler.handle(r);
    }
}
