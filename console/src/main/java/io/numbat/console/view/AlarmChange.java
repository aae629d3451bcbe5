package io.numbat.console.view;

import java.util.Locale;

/** What a record did to the live alarm list, as pushed to browsers. */
public enum AlarmChange {
    RAISED,
    CLEARED,
    ACKED,
    UNACKED,
    NONE;

    /** The name used in JSON and SSE ({@code raised}, {@code cleared}, ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
