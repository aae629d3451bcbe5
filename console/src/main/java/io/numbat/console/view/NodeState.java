package io.numbat.console.view;

/** What the console makes of a node from its deployment record, lifecycle events and metrics. */
public enum NodeState {
    /** Requested or starting, no metrics yet. */
    STARTING,
    /** Metrics arrived recently. */
    UP,
    /** The agent reported it down, or its metrics stopped. */
    DOWN,
    /** Being stopped or stopped on purpose. */
    STOPPED,
    /** The deployer could not start it. */
    FAILED,
    /** Known only from an event that says nothing about its state. */
    UNKNOWN
}
