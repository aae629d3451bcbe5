package io.numbat.deployer.api;

/**
 * A request could not be carried out because something the deployer needs (the schema registry, the
 * Kafka broker) is away or did not answer in time; the REST API answers 503.
 */
public class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
