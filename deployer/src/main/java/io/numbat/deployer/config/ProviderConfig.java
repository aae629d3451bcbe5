package io.numbat.deployer.config;

import java.util.Objects;

/**
 * A provider of nodes: its type, what each node slot offers, how many nodes it can hold
 * ({@code maxNodes}), what one node costs per hour, and the settings its type needs.
 */
public record ProviderConfig(String name, ProviderType type, Offer offer, int maxNodes, double costPerNodeHour,
        Settings settings) {

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(offer, "offer");
        settings = settings == null ? Settings.EMPTY : settings;
        if (maxNodes < 1 || !(costPerNodeHour >= 0) || Double.isInfinite(costPerNodeHour)) {
            throw new IllegalArgumentException("provider " + name + ": need maxNodes >= 1 and a finite cost >= 0");
        }
    }
}
