package io.numbat.console.view;

/** One line of a node's recent events: when, where it came from (node-event, deployment) and what. */
public record NodeEntry(long timestamp, String source, String kind, String detail) {}
