package io.numbat.platform;

/**
 * A start-up problem the operator can fix (a port in use, an unwritable directory, an unreachable
 * registry). The command line prints its message on one line and exits with 1, no stack trace.
 */
public class PlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
