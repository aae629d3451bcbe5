package io.numbat.deployer.broker;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.ProviderConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Matches node families to providers: keeps the providers whose offer satisfies the family's profile
 * and that have capacity left, ranks them (cost, then spread over zones and providers, then load) and
 * splits the requested count over them, saying why for every placement and every node left over.
 */
public final class Broker {
    private final DeployerConfig config;

    public Broker(DeployerConfig config) {
        this.config = config;
    }

    /**
     * Places {@code count} more nodes of the configured family {@code family} given what is already
     * placed; throws {@link IllegalArgumentException} for an unknown family.
     */
    public Plan plan(String family, int count, Load load) {
        return plan(family, count, load, Set.of());
    }

    /** As {@link #plan(String, int, Load)}, leaving out the providers in {@code excluded} (e.g. where a launch just failed). */
    public Plan plan(String family, int count, Load load, Set<String> excluded) {
        FamilyConfig f = config.family(family)
                .orElseThrow(() -> new IllegalArgumentException("unknown family '" + family + "'; known: "
                        + String.join(", ", config.families().keySet())));
        return plan(f, count, load, excluded);
    }

    /** Places {@code count} more nodes of {@code family} (with its profile) given what is already placed. */
    public Plan plan(FamilyConfig family, int count, Load load) {
        return plan(family, count, load, Set.of());
    }

    private Plan plan(FamilyConfig family, int count, Load load, Set<String> excluded) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        List<Rejection> rejections = new ArrayList<>();
        List<Slot> candidates = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            if (excluded.contains(p.name())) {
                continue;
            }
            List<Rejection> misses = ProfileMatcher.mismatches(p.name(), family.profile(), p.offer());
            rejections.addAll(misses);
            if (misses.isEmpty()) {
                Slot slot = new Slot(p, load.total(p.name()), load.ofFamily(p.name(), family.name()));
                candidates.add(slot);
                if (slot.left == 0) {
                    rejections.add(full(slot));
                }
            }
        }
        List<String> limits = new ArrayList<>();
        int room = Math.max(0, family.maxNodes() - load.familyTotal(family.name()));
        if (room < count) {
            limits.add("family " + family.name() + " is limited to maxNodes " + family.maxNodes() + " and has "
                    + load.familyTotal(family.name()) + " placed");
        }
        List<Slot> open = candidates.stream().filter(s -> s.left > 0).toList();
        int placed = Allocator.allocate(open, Math.min(count, room));
        List<Placement> placements = open.stream()
                .filter(s -> s.assigned > 0)
                .sorted(Comparator.comparingInt(s -> s.firstAssignedAt))
                .map(s -> new Placement(s.name(), s.assigned, Explainer.placementReason(s, open)))
                .toList();
        int shortfall = count - placed;
        if (shortfall > 0 && placed < room) {
            open.stream().filter(s -> s.left == 0).forEach(s -> rejections.add(full(s)));
        }
        List<String> reasons = new ArrayList<>(limits);
        if (placed < Math.min(count, room)) {
            reasons.addAll(Explainer.grouped(rejections, config.providers().size()));
        }
        String explanation = Explainer.explanation(family.name(), count, placements, shortfall, reasons);
        return new Plan(family.name(), count, placements, shortfall, rejections, explanation);
    }

    private static Rejection full(Slot s) {
        int placed = s.total + s.assigned;
        return new Rejection(
                s.name(),
                Criterion.CAPACITY,
                "1",
                placed + " of " + s.provider.maxNodes() + " nodes placed"
                        + (s.assigned > 0 ? ", " + s.assigned + " by this plan" : ""));
    }
}
