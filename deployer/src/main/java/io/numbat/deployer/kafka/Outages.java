package io.numbat.deployer.kafka;

import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/** Tells, from a failed send's error, whether a dependency (the schema registry, the broker) is away. */
public final class Outages {
    private Outages() {}

    /** Which dependency {@code error} says is away, and why; empty for any other failure. */
    public static Optional<String> of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return Optional.of("the schema registry is unreachable: " + t.getMessage());
            }
            if (t instanceof RetriableException || t instanceof TimeoutException) {
                // a Kafka TimeoutException (metadata, max.block.ms), a lost connection, no leader...
                return Optional.of("the Kafka broker is unavailable: " + t);
            }
        }
        return Optional.empty();
    }
}
