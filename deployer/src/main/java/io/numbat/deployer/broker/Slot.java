package io.numbat.deployer.broker;

import io.numbat.deployer.config.ProviderConfig;

/** A provider that fits a request, with the counts the broker ranks it by; mutable while one plan is made. */
final class Slot {
    final ProviderConfig provider;
    final String spreadKey;
    final int capacityBefore;
    final int total;
    int familyHere;
    int left;
    int assigned;
    int firstAssignedAt = -1;

    Slot(ProviderConfig provider, int total, int familyHere) {
        this.provider = provider;
        this.spreadKey = provider.offer().spreadKey(provider.name());
        this.capacityBefore = Math.max(0, provider.maxNodes() - total);
        this.total = total;
        this.familyHere = familyHere;
        this.left = capacityBefore;
    }

    String name() {
        return provider.name();
    }

    double cost() {
        return provider.costPerNodeHour();
    }
}
