package io.numbat.deployer.kafka;

import io.numbat.deployer.api.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes an operator's record without blocking an event loop: serialising may call the schema
 * registry and sending may wait for the broker's metadata, so both run on a worker thread, and the
 * future waits a bounded time for the broker's acknowledgement. A registry or broker that is away
 * fails it with a {@link DependencyUnavailableException}.
 */
public final class AckedPublisher<V> {
    private final Vertx vertx;
    private final Producer<String, V> producer;
    private final long ackTimeoutMs;

    public AckedPublisher(Vertx vertx, Producer<String, V> producer, long ackTimeoutMs) {
        this.vertx = vertx;
        this.producer = producer;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    /** Succeeds once the broker acknowledged {@code record}; {@code what} names it in errors. */
    public Future<Void> publish(ProducerRecord<String, V> record, String what) {
        return vertx.<Void>executeBlocking(
                        () -> {
                            producer.send(record).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
                            return null;
                        },
                        false)
                .recover(e -> {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    return Future.failedFuture(Outages.of(cause)
                            .<Throwable>map(
                                    why -> new DependencyUnavailableException(what + " not published: " + why, cause))
                            .orElse(cause));
                });
    }
}
