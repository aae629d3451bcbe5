package io.numbat.console.view;

import io.numbat.schemas.Severity;

/** A node's health colour: its worst raised alarm, or red when it is down or failed. */
public enum Health {
    GREEN,
    YELLOW,
    ORANGE,
    RED,
    GREY;

    /** The colour of a node in {@code state} whose worst raised alarm is {@code worst} (null: none). */
    public static Health of(NodeState state, Severity worst) {
        switch (state) {
            case DOWN, FAILED:
                return RED;
            case STOPPED, UNKNOWN:
                return GREY;
            default:
                break;
        }
        if (worst == null) {
            return GREEN;
        }
        return switch (worst) {
            case CRITICAL -> RED;
            case MAJOR -> ORANGE;
            case MINOR -> YELLOW;
        };
    }
}
