package io.numbat.processor.scaling;

import io.numbat.schemas.ScalingAction;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A family's scaling policy: grow when the mean scheduler utilisation of its reporting nodes is
 * above {@code scaleOutAbove}, shrink when it is below {@code scaleInBelow}, in both cases towards
 * the node count that would bring utilisation to {@code target}, by at most {@code maxStep} nodes,
 * within {@code [minNodes, maxNodes]}. Scale-outs are at least {@code outCooldown} apart; a scale-in
 * waits {@code inCooldown} after any change, so oscillating load cannot make the family flap.
 */
public record ScalingPolicy(double target, double scaleOutAbove, double scaleInBelow, Duration outCooldown,
                            Duration inCooldown, int minNodes, int maxNodes, int maxStep) {

    /** What the policy decided and why. */
    public record Outcome(ScalingAction action, int count, int currentNodes, String reason) {
    }

    public ScalingPolicy {
        if (!(scaleInBelow < target && target < scaleOutAbove && scaleOutAbove <= 1 && scaleInBelow >= 0)) {
            throw new IllegalArgumentException("need 0 <= scale-in-below < target < scale-out-above <= 1, was "
                    + scaleInBelow + ", " + target + ", " + scaleOutAbove);
        }
        if (outCooldown.isNegative() || inCooldown.isNegative()) {
            throw new IllegalArgumentException("cool-downs must not be negative");
        }
        if (minNodes < 0 || maxNodes < Math.max(1, minNodes) || maxStep < 1) {
            throw new IllegalArgumentException("need 0 <= min-nodes <= max-nodes, max-nodes >= 1, max-step >= 1, was "
                    + minNodes + ", " + maxNodes + ", " + maxStep);
        }
    }

    /** Out above 75 %, in below 35 %, towards 60 %; 5 min between scale-outs, 15 min before a scale-in; steps of 5. */
    public static ScalingPolicy defaults() {
        return new ScalingPolicy(0.60, 0.75, 0.35, Duration.ofMinutes(5), Duration.ofMinutes(15), 1, 50, 5);
    }

    public Optional<Outcome> decide(String family, FamilyLoad load, long nowMillis) {
        int n = load.nodes().size();
        if (n == 0) {
            return Optional.empty();
        }
        double mean = load.meanUtilisation();
        int wanted = (int) Math.ceil(n * mean / target);
        if (mean > scaleOutAbove && n < maxNodes && since(load.lastScaleOutMillis(), nowMillis) >= outCooldown.toMillis()) {
            int step = Math.max(1, Math.min(Math.min(wanted - n, maxStep), maxNodes - n));
            return Optional.of(new Outcome(ScalingAction.SCALE_OUT, step, n, String.format(Locale.ROOT,
                    "mean scheduler utilisation of %d %s nodes is %.0f%%, above the %.0f%% threshold; %d more bring it "
                            + "towards %.0f%%", n, family, 100 * mean, 100 * scaleOutAbove, step, 100 * target)));
        }
        long lastChange = Math.max(load.lastScaleOutMillis(), load.lastScaleInMillis());
        if (mean < scaleInBelow && n > minNodes && since(lastChange, nowMillis) >= inCooldown.toMillis()) {
            int step = Math.max(1, Math.min(Math.min(n - Math.max(wanted, minNodes), maxStep), n - minNodes));
            return Optional.of(new Outcome(ScalingAction.SCALE_IN, step, n, String.format(Locale.ROOT,
                    "mean scheduler utilisation of %d %s nodes is %.0f%%, below the %.0f%% threshold; %d fewer bring it "
                            + "towards %.0f%%", n, family, 100 * mean, 100 * scaleInBelow, step, 100 * target)));
        }
        return Optional.empty();
    }

    private static long since(long then, long now) {
        return then == Long.MIN_VALUE ? Long.MAX_VALUE : now - then;
    }
}
