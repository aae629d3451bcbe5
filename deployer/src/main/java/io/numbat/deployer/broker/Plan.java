package io.numbat.deployer.broker;

import java.util.List;
import java.util.Optional;

/**
 * The broker's answer to a request for {@code requested} nodes of {@code family}: where they go and
 * why, how many could not be placed ({@code shortfall}), which providers were turned down and why,
 * and all of it in one sentence ({@code explanation}).
 */
public record Plan(
        String family,
        int requested,
        List<Placement> placements,
        int shortfall,
        List<Rejection> rejections,
        String explanation) {

    public Plan {
        placements = List.copyOf(placements);
        rejections = List.copyOf(rejections);
    }

    /** Nodes placed, over every provider. */
    public int placed() {
        return placements.stream().mapToInt(Placement::count).sum();
    }

    /** Whether every requested node was placed. */
    public boolean complete() {
        return shortfall == 0;
    }

    /** Whether nodes were requested and none could be placed. */
    public boolean failed() {
        return requested > 0 && placed() == 0;
    }

    /** The placement on {@code provider}, if any. */
    public Optional<Placement> placement(String provider) {
        return placements.stream().filter(p -> p.provider().equals(provider)).findFirst();
    }
}
