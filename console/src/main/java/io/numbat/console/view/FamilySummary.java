package io.numbat.console.view;

import java.util.EnumMap;
import java.util.Map;

/** Node counts of one family by state and by health colour. */
public record FamilySummary(String family, int nodes, Map<NodeState, Integer> byState, Map<Health, Integer> byHealth) {

    static FamilySummary empty(String family) {
        return new FamilySummary(family, 0, new EnumMap<>(NodeState.class), new EnumMap<>(Health.class));
    }

    FamilySummary plus(NodeState state, Health health) {
        byState.merge(state, 1, Integer::sum);
        byHealth.merge(health, 1, Integer::sum);
        return new FamilySummary(family, nodes + 1, byState, byHealth);
    }
}
