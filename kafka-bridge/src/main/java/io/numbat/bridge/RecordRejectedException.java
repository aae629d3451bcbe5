package io.numbat.bridge;

/**
 * Thrown by a record handler for a record that can never be handled (unreadable, or a decision that
 * breaks a rule): it is not tried again, but dead-lettered at once (or the pump stops), as the
 * {@link FailurePolicy} says.
 */
public class RecordRejectedException extends RuntimeException {
    public RecordRejectedException(String message) {
        super(message);
    }

    public RecordRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
