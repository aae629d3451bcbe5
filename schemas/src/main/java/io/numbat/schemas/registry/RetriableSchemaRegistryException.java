package io.numbat.schemas.registry;

import java.util.Optional;

/**
 * The registry could not answer now (unreachable, timed out, HTTP 5xx, 408 or 429): the request was fine and
 * the same call is expected to succeed later, so callers retry with a backoff instead of giving up on the
 * record. Every other {@link SchemaRegistryException} (404, 4xx, a schema that is not Avro) is permanent.
 */
public class RetriableSchemaRegistryException extends SchemaRegistryException {

    public RetriableSchemaRegistryException(String message) {
        super(message);
    }

    public RetriableSchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The retriable registry failure in {@code error}'s cause chain, if there is one. */
    public static Optional<RetriableSchemaRegistryException> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableSchemaRegistryException r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
