package io.numbat.processor.scaling;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.schemas.PolicyMode;
import io.numbat.schemas.ScalingAction;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A family's scaling policy: grow when the mean scheduler utilisation of its reporting nodes is
 * above {@code scaleOutAbove}, shrink when it is below {@code scaleInBelow}, in both cases towards
 * the node count that would bring utilisation to {@code target}, by at most {@code maxStep} nodes,
 * within {@code [minNodes, maxNodes]}. It also grows when at least {@code forecastQuorum} of the
 * family's nodes are forecast to hit a limit within {@code forecastHorizon} (one more node per
 * such node, up to {@code maxStep}), and never shrinks while any node is. Scale-outs are at least
 * {@code outCooldown} apart; a scale-in waits {@code inCooldown} after any change, so oscillating
 * load cannot make the family flap. An operator's scale-out or scale-in counts as a change for
 * these cool-downs (so the policy does not undo it at once); an operator can pause the policy for
 * a family (no decisions) or pin the family's size (the policy only brings it to that size, in
 * steps, with the same cool-downs, starting one out cool-down after the pin, within
 * {@code [minNodes, maxNodes]}).
 */
public record ScalingPolicy(
        double target,
        double scaleOutAbove,
        double scaleInBelow,
        Duration outCooldown,
        Duration inCooldown,
        int minNodes,
        int maxNodes,
        int maxStep,
        Duration forecastHorizon,
        double forecastQuorum) {

    /** What the policy decided and why. */
    public record Outcome(ScalingAction action, int count, int currentNodes, String reason) {}

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
        if (forecastHorizon.isNegative() || !(forecastQuorum > 0 && forecastQuorum <= 1)) {
            throw new IllegalArgumentException("need forecast-horizon >= 0 and 0 < forecast-quorum <= 1, was "
                    + forecastHorizon + ", " + forecastQuorum);
        }
    }

    /** The utilisation rule with the default forecast rule: half the nodes forecast to hit a limit within 15 min. */
    public ScalingPolicy(
            double target,
            double scaleOutAbove,
            double scaleInBelow,
            Duration outCooldown,
            Duration inCooldown,
            int minNodes,
            int maxNodes,
            int maxStep) {
        this(
                target,
                scaleOutAbove,
                scaleInBelow,
                outCooldown,
                inCooldown,
                minNodes,
                maxNodes,
                maxStep,
                Duration.ofMinutes(15),
                0.5);
    }

    /**
     * Out above 75 %, in below 35 %, towards 60 %; out when half the nodes are forecast to hit a
     * limit within 15 min; 5 min between scale-outs, 15 min before a scale-in; steps of 5.
     */
    public static ScalingPolicy defaults() {
        return new ScalingPolicy(0.60, 0.75, 0.35, Duration.ofMinutes(5), Duration.ofMinutes(15), 1, 50, 5);
    }

    public Optional<Outcome> decide(String family, FamilyLoad load, long nowMillis) {
        int n = load.reportingNodes();
        if (n == 0 || load.mode() == PolicyMode.PAUSED) {
            return Optional.empty();
        }
        if (load.mode() == PolicyMode.PINNED) {
            return pinned(family, load, n, nowMillis);
        }
        boolean outAllowed = n < maxNodes && since(load.lastScaleOutMillis(), nowMillis) >= outCooldown.toMillis();
        List<FamilyLoad.NodeForecast> soon = load.forecasts().values().stream()
                .filter(f -> f.secondsLeft(nowMillis) < forecastHorizon.toSeconds())
                .toList();
        int u = load.nodes().size();
        double mean = load.meanUtilisation();
        int wanted = (int) Math.ceil(u * mean / target);
        if (u > 0 && mean > scaleOutAbove && outAllowed) {
            int step = Math.max(1, Math.min(Math.min(wanted - u, maxStep), maxNodes - n));
            return Optional.of(new Outcome(
                    ScalingAction.SCALE_OUT,
                    step,
                    n,
                    String.format(
                            Locale.ROOT,
                            "mean scheduler utilisation of %d %s nodes is %.0f%%, above the %.0f%% threshold; %d more bring it "
                                    + "towards %.0f%%",
                            u,
                            family,
                            100 * mean,
                            100 * scaleOutAbove,
                            step,
                            100 * target)));
        }
        if (!soon.isEmpty() && soon.size() >= Math.ceil(forecastQuorum * n) && outAllowed) {
            int step = Math.min(Math.min(soon.size(), maxStep), maxNodes - n);
            return Optional.of(
                    new Outcome(ScalingAction.SCALE_OUT, step, n, forecastReason(family, n, soon, step, nowMillis)));
        }
        long lastChange = Math.max(load.lastScaleOutMillis(), load.lastScaleInMillis());
        if (u > 0
                && soon.isEmpty()
                && mean < scaleInBelow
                && n > minNodes
                && since(lastChange, nowMillis) >= inCooldown.toMillis()) {
            int step = Math.max(1, Math.min(Math.min(u - Math.max(wanted, minNodes), maxStep), n - minNodes));
            return Optional.of(new Outcome(
                    ScalingAction.SCALE_IN,
                    step,
                    n,
                    String.format(
                            Locale.ROOT,
                            "mean scheduler utilisation of %d %s nodes is %.0f%%, below the %.0f%% threshold; %d fewer bring it "
                                    + "towards %.0f%%",
                            u,
                            family,
                            100 * mean,
                            100 * scaleInBelow,
                            step,
                            100 * target)));
        }
        return Optional.empty();
    }

    /**
     * Towards the pinned size: out after the out cool-down, in after the in cool-down, by at most
     * maxStep; nothing within one out cool-down of the pin, so that every node has reported.
     */
    private Optional<Outcome> pinned(String family, FamilyLoad load, int n, long nowMillis) {
        if (since(load.modeSinceMillis(), nowMillis) < outCooldown.toMillis()) {
            return Optional.empty();
        }
        int pin = Math.max(minNodes, Math.min(maxNodes, load.pinnedNodes()));
        long lastChange = Math.max(load.lastScaleOutMillis(), load.lastScaleInMillis());
        if (n < pin && since(load.lastScaleOutMillis(), nowMillis) >= outCooldown.toMillis()) {
            int step = Math.min(pin - n, maxStep);
            return Optional.of(new Outcome(
                    ScalingAction.SCALE_OUT,
                    step,
                    n,
                    String.format(
                            Locale.ROOT,
                            "%s is pinned at %d nodes by an operator and has %d; %d more",
                            family,
                            pin,
                            n,
                            step)));
        }
        if (n > pin && since(lastChange, nowMillis) >= inCooldown.toMillis()) {
            int step = Math.min(n - pin, maxStep);
            return Optional.of(new Outcome(
                    ScalingAction.SCALE_IN,
                    step,
                    n,
                    String.format(
                            Locale.ROOT,
                            "%s is pinned at %d nodes by an operator and has %d; %d fewer",
                            family,
                            pin,
                            n,
                            step)));
        }
        return Optional.empty();
    }

    /** E.g. "3 of 4 web nodes forecast to hit process_limit in 6 min; 3 more share the load" (the soonest of the 3). */
    private static String forecastReason(
            String family, int n, List<FamilyLoad.NodeForecast> soon, int step, long nowMillis) {
        Map<Integer, Long> byMetric =
                soon.stream().collect(Collectors.groupingBy(FamilyLoad.NodeForecast::metric, Collectors.counting()));
        int metric = byMetric.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        double soonest = soon.stream()
                .filter(f -> f.metric() == metric)
                .mapToDouble(f -> f.secondsLeft(nowMillis))
                .min()
                .orElseThrow();
        String others = byMetric.size() > 1
                ? String.format(Locale.ROOT, " (%d of them other limits)", soon.size() - byMetric.get(metric))
                : "";
        return String.format(
                Locale.ROOT,
                "%d of %d %s nodes forecast to hit %s in %s%s; %d more share the load",
                soon.size(),
                n,
                family,
                AlarmTypes.limitAlarm(metric),
                minutes(Math.max(0, soonest)),
                others,
                step);
    }

    private static String minutes(double seconds) {
        return seconds < 90
                ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }

    private static long since(long then, long now) {
        return then == Long.MIN_VALUE ? Long.MAX_VALUE : now - then;
    }
}
