package io.numbat.platform.replay;

import io.numbat.platform.PlatformException;

/** A CSV series that cannot be read: the message names the file and the line. */
public final class BadSeriesException extends PlatformException {
    private static final long serialVersionUID = 1L;

    public BadSeriesException(String message) {
        super(message);
    }
}
