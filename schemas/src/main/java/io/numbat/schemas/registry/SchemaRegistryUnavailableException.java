package io.numbat.schemas.registry;

/**
 * The registry could not be reached at all (connection refused, timeout, I/O error), as opposed to answering
 * with an error. Transient: callers retry (see {@link RetriableSchemaRegistryException}).
 */
public class SchemaRegistryUnavailableException extends RetriableSchemaRegistryException {

    public SchemaRegistryUnavailableException(String url, Throwable cause) {
        super("schema registry at " + url + " is unreachable: " + describe(cause), cause);
    }

    /** The first non-empty message in the cause chain (the JDK's ConnectException often has none). */
    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return cause == null ? "unknown cause" : cause.getClass().getSimpleName();
    }
}
