package io.numbat.deployer.broker;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the broker's reasons: why each placement, and why nodes could not be placed. */
final class Explainer {
    private Explainer() {}

    /** Why {@code slot} got its nodes, e.g. {@code eu-local: cheapest fit with capacity 40}. */
    static String placementReason(Slot slot, List<Slot> candidates) {
        double cheapest = candidates.stream().mapToDouble(Slot::cost).min().orElse(slot.cost());
        StringBuilder why = new StringBuilder(slot.name()).append(": ");
        if (slot.cost() == cheapest) {
            why.append("cheapest fit");
        } else {
            String cheaper = candidates.stream()
                    .filter(s -> s.cost() < slot.cost())
                    .map(Slot::name)
                    .collect(Collectors.joining(", "));
            why.append("next cheapest fit at ")
                    .append(cost(slot.cost()))
                    .append("/node-hour (cheaper fits full: ")
                    .append(cheaper)
                    .append(')');
        }
        why.append(" with capacity ").append(slot.capacityBefore);
        List<String> peers = candidates.stream()
                .filter(s -> s != slot && s.assigned > 0 && s.cost() == slot.cost())
                .map(Slot::name)
                .toList();
        if (!peers.isEmpty()) {
            why.append(", spread with ").append(String.join(", ", peers)).append(" (same cost)");
            if (slot.provider.offer().zone() != null) {
                why.append(" in zone ").append(slot.provider.offer().zone());
            }
        }
        return why.toString();
    }

    /** The plan in one sentence. */
    static String explanation(
            String family, int requested, List<Placement> placements, int shortfall, List<String> shortfallReasons) {
        int placed = requested - shortfall;
        String where =
                placements.stream().map(p -> p.provider() + " " + p.count()).collect(Collectors.joining(", "));
        if (requested == 0) {
            return "nothing to place: 0 " + family + " nodes requested";
        }
        if (shortfall == 0) {
            return "placed " + requested + " " + family + " node" + (requested == 1 ? "" : "s") + ": " + where;
        }
        String reasons = String.join("; ", shortfallReasons);
        if (placed == 0) {
            return "cannot place any of " + requested + " " + family + " nodes: " + reasons;
        }
        return "placed " + placed + " of " + requested + " " + family + " nodes (" + where + "); " + shortfall
                + " short: " + reasons;
    }

    /**
     * Rejections grouped by requirement: {@code no provider offers otp >= 26: eu-local offers 25, k8s-1 offers 25}
     * when every provider fails it, {@code otp >= 26 not met by eu-local (offers 25)} when only some do.
     */
    static List<String> grouped(List<Rejection> rejections, int providerCount) {
        if (providerCount == 0) {
            return List.of("no providers configured");
        }
        Map<String, List<Rejection>> groups = new LinkedHashMap<>();
        rejections.stream()
                .sorted((a, b) -> a.criterion().compareTo(b.criterion()))
                .forEach(r -> groups.computeIfAbsent(r.criterion().requirement(r.required()), k -> new ArrayList<>())
                        .add(r));
        List<String> out = new ArrayList<>();
        groups.forEach((requirement, group) -> {
            boolean all = group.stream().map(Rejection::provider).distinct().count() == providerCount;
            boolean capacity = group.get(0).criterion() == Criterion.CAPACITY;
            if (all && capacity) {
                out.add("no provider has capacity left: "
                        + group.stream()
                                .map(r -> r.provider() + " " + r.offered())
                                .collect(Collectors.joining(", ")));
            } else if (all) {
                out.add("no provider offers " + requirement + ": "
                        + group.stream()
                                .map(r -> r.provider() + " offers " + r.offered())
                                .collect(Collectors.joining(", ")));
            } else if (capacity) {
                out.add("full: "
                        + group.stream()
                                .map(r -> r.provider() + " (" + r.offered() + ")")
                                .collect(Collectors.joining(", ")));
            } else {
                out.add(requirement + " not met by "
                        + group.stream()
                                .map(r -> r.provider() + " (offers " + r.offered() + ")")
                                .collect(Collectors.joining(", ")));
            }
        });
        return out;
    }

    static String cost(double cost) {
        return BigDecimal.valueOf(cost).stripTrailingZeros().toPlainString();
    }
}
