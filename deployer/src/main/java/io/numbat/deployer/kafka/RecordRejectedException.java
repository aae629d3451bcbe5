package io.numbat.deployer.kafka;

/**
 * Thrown by a record handler for a record that can never be handled (unreadable, or a decision that
 * breaks a rule): it is dead-lettered at once instead of being retried.
 */
public class RecordRejectedException extends RuntimeException {
    public RecordRejectedException(String message) {
        super(message);
    }

    public RecordRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
