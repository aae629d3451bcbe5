package io.numbat.deployer.broker;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The nodes already placed, per provider and family: what capacity, spread and load are computed from. */
public final class Load {
    private static final Load NONE = new Load(Map.of());

    private final Map<String, Map<String, Integer>> placed;

    private Load(Map<String, Map<String, Integer>> placed) {
        this.placed = placed;
    }

    /** Nothing placed anywhere. */
    public static Load none() {
        return NONE;
    }

    /** This load plus {@code nodes} more nodes of {@code family} on {@code provider}. */
    public Load with(String provider, String family, int nodes) {
        if (nodes < 0) {
            throw new IllegalArgumentException("nodes must be >= 0, was " + nodes);
        }
        Map<String, Map<String, Integer>> copy = new HashMap<>(placed);
        Map<String, Integer> families = new HashMap<>(copy.getOrDefault(provider, Map.of()));
        families.merge(family, nodes, Integer::sum);
        copy.put(provider, Collections.unmodifiableMap(families));
        return new Load(Collections.unmodifiableMap(copy));
    }

    /** This load after {@code plan} is carried out. */
    public Load plus(Plan plan) {
        Load out = this;
        for (Placement p : plan.placements()) {
            out = out.with(p.provider(), plan.family(), p.count());
        }
        return out;
    }

    /** Nodes of every family on {@code provider}. */
    public int total(String provider) {
        return placed.getOrDefault(provider, Map.of()).values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    /** Nodes of {@code family} on {@code provider}. */
    public int ofFamily(String provider, String family) {
        return placed.getOrDefault(provider, Map.of()).getOrDefault(family, 0);
    }

    /** Nodes of {@code family} on every provider. */
    public int familyTotal(String family) {
        return placed.values().stream().mapToInt(f -> f.getOrDefault(family, 0)).sum();
    }

    @Override
    public String toString() {
        return "Load" + placed;
    }
}
