package io.numbat.deployer.decision;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.util.Optional;

/**
 * The rules a scaling decision must keep before the deployer acts on it, whoever wrote it: a count
 * that is never negative, and a scale-out of no more nodes than its family may ever hold (the largest
 * family's bound for an unknown family, whose nodes are then FAILED with the reason). A decision that
 * breaks them is dead-lettered instead of being carried out.
 */
public final class DecisionCheck {
    private final DeployerConfig config;

    public DecisionCheck(DeployerConfig config) {
        this.config = config;
    }

    /** What is wrong with {@code d}, or empty when the deployer may carry it out. */
    public Optional<String> problem(ScalingDecision d) {
        if (d.getId() == null || d.getId().isBlank()) {
            return Optional.of("the decision has no id");
        }
        if (d.getFamily() == null || d.getFamily().isBlank()) {
            return Optional.of("decision " + d.getId() + " names no family");
        }
        if (d.getAction() == null) {
            return Optional.of("decision " + d.getId() + " has no action");
        }
        if (d.getCount() < 0) {
            return Optional.of("decision " + d.getId() + ": count must be >= 0, was " + d.getCount());
        }
        if (d.getAction() == ScalingAction.SCALE_OUT) {
            int bound = config.family(d.getFamily())
                    .map(FamilyConfig::maxNodes)
                    .orElseGet(() -> config.families().values().stream()
                            .mapToInt(FamilyConfig::maxNodes)
                            .max()
                            .orElse(0));
            if (d.getCount() > bound) {
                return Optional.of("decision " + d.getId() + ": a scale-out of " + d.getCount() + " " + d.getFamily()
                        + " nodes is more than the family may ever hold (" + bound + ")");
            }
        }
        return Optional.empty();
    }
}
