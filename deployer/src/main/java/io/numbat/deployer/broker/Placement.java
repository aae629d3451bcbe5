package io.numbat.deployer.broker;

/** {@code count} nodes of a request go to {@code provider}, and why, e.g. {@code eu-local: cheapest fit with capacity 40}. */
public record Placement(String provider, int count, String reason) {}
