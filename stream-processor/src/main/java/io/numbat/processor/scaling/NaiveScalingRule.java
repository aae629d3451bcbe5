package io.numbat.processor.scaling;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The first, naive scaling rule: when the mean scheduler utilisation of a family's reporting
 * nodes is above a threshold, add one node, at most once per cool-down and never past a maximum.
 * The real policy (targets, scale-in, forecasts, step limits) replaces it later.
 *
 * @param scaleOutAbove mean utilisation (0..1) above which the family grows
 * @param cooldown minimum time between two scale-outs of one family
 * @param maxNodes the family never grows past this many reporting nodes
 */
public record NaiveScalingRule(double scaleOutAbove, Duration cooldown, int maxNodes) {

    /** What the rule decided and why. */
    public record Outcome(int count, int currentNodes, String reason) {
    }

    public NaiveScalingRule {
        if (!(scaleOutAbove > 0 && scaleOutAbove <= 1)) {
            throw new IllegalArgumentException("scaleOutAbove must be in (0, 1], was " + scaleOutAbove);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative, was " + cooldown);
        }
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be >= 1, was " + maxNodes);
        }
    }

    public Optional<Outcome> decide(String family, FamilyLoad load, long nowMillis) {
        int nodes = load.nodes().size();
        if (nodes == 0) {
            return Optional.empty();
        }
        double mean = load.meanUtilisation();
        if (mean <= scaleOutAbove || nodes >= maxNodes) {
            return Optional.empty();
        }
        if (load.lastScaleOutMillis() != Long.MIN_VALUE
                && nowMillis - load.lastScaleOutMillis() < cooldown.toMillis()) {
            return Optional.empty();
        }
        String reason = String.format(Locale.ROOT,
                "mean scheduler utilisation of %d %s nodes is %.0f%%, above the %.0f%% threshold",
                nodes, family, mean * 100, scaleOutAbove * 100);
        return Optional.of(new Outcome(1, nodes, reason));
    }
}
