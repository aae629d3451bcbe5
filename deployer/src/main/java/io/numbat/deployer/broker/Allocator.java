package io.numbat.deployer.broker;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a count over fitting providers one node at a time: each node goes to the cheapest provider
 * with capacity left; among equally cheap ones, to the zone and then the provider holding the fewest
 * of the family's nodes (counting those just placed), then to the least loaded provider, then by name.
 * So the cheapest tier fills first, spread evenly, and no provider exceeds its capacity.
 */
final class Allocator {
    private Allocator() {}

    /** Assigns up to {@code count} nodes to {@code slots}; returns how many were assigned. */
    static int allocate(List<Slot> slots, int count) {
        Map<String, Integer> perZone = new HashMap<>();
        for (Slot s : slots) {
            perZone.merge(s.spreadKey, s.familyHere, Integer::sum);
        }
        Comparator<Slot> rank = Comparator.comparingDouble(Slot::cost)
                .thenComparingInt(s -> perZone.get(s.spreadKey))
                .thenComparingInt(s -> s.familyHere)
                .thenComparingInt(s -> s.total + s.assigned)
                .thenComparing(Slot::name);
        int assigned = 0;
        while (assigned < count) {
            Slot best = null;
            for (Slot s : slots) {
                if (s.left > 0 && (best == null || rank.compare(s, best) < 0)) {
                    best = s;
                }
            }
            if (best == null) {
                break;
            }
            if (best.assigned == 0) {
                best.firstAssignedAt = assigned;
            }
            best.assigned++;
            best.left--;
            best.familyHere++;
            perZone.merge(best.spreadKey, 1, Integer::sum);
            assigned++;
        }
        return assigned;
    }
}
