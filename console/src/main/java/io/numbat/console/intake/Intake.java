package io.numbat.console.intake;

import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.health.Health;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The console's source of records and sink of acknowledgements: Kafka in production
 * ({@link KafkaIntake}), a direct feed in tests.
 */
public interface Intake {
    /** Starts handing records to {@code sink} on {@code context}; completes once reading has begun. */
    Future<Void> start(Context context, RecordSink sink);

    /** Publishes an acknowledgement; completes when it is durable (every console instance will read it). */
    Future<Void> acknowledge(AlarmAck ack);

    /** Stops reading and publishing. */
    Future<Void> stop();

    /** Whether its Kafka clients work (live) and it has caught up (ready); may be called from any thread. */
    default Health health() {
        return new Health(true, true, Map.of());
    }
}
