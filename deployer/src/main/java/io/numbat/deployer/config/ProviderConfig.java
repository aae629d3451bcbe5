package io.numbat.deployer.config;

import java.util.Objects;

/**
 * A provider of nodes: its type, what each node slot offers, how many nodes it can hold
 * ({@code maxNodes}), what one node costs per hour, the settings its type needs, and how many nodes
 * it may be starting at once ({@code maxConcurrentStarts}; more wait, first come first served).
 */
public record ProviderConfig(
        String name,
        ProviderType type,
        Offer offer,
        int maxNodes,
        double costPerNodeHour,
        Settings settings,
        int maxConcurrentStarts) {
    /** Nodes a provider may be starting at once unless configured. */
    public static final int DEFAULT_MAX_CONCURRENT_STARTS = 50;

    /** A provider with the default {@code maxConcurrentStarts}. */
    public ProviderConfig(
            String name, ProviderType type, Offer offer, int maxNodes, double costPerNodeHour, Settings settings) {
        this(name, type, offer, maxNodes, costPerNodeHour, settings, DEFAULT_MAX_CONCURRENT_STARTS);
    }

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(offer, "offer");
        settings = settings == null ? Settings.EMPTY : settings;
        if (maxNodes < 1 || !(costPerNodeHour >= 0) || Double.isInfinite(costPerNodeHour) || maxConcurrentStarts < 1) {
            throw new IllegalArgumentException(
                    "provider " + name + ": need maxNodes >= 1, a finite cost >= 0 and maxConcurrentStarts >= 1");
        }
    }
}
