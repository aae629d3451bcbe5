package io.numbat.bench;

import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The deployer as {@code bench prevent} models it, in plain Java and simulated time: each decision id is carried
 * out once; a SCALE_OUT names its node from the decision id as the deployer does ({@code <family>-<12 hex>-1}),
 * launches it into the simulated fleet after a launch delay (or, at the launch failure rate, reports it FAILED) and reports it RUNNING when its first batch arrives; a
 * SCALE_IN drains each named RUNNING node, then stops it. Every move is a {@link DeploymentEvent}.
 */
final class BenchDeployer {
    private record Due(long at, long order, Runnable action) {}

    private final SimulatedFleet fleet;
    private final SplittableRandom random;
    private final long minLaunchMillis;
    private final long maxLaunchMillis;
    private final long drainMillis;
    /** The chance that a launch fails (the provider reports an error instead of starting the node). */
    private final double launchFailureRate;

    private final Set<String> decisionsSeen = new HashSet<>();
    private final Map<String, DeploymentState> nodes = new HashMap<>();
    private final Map<String, String> familyOf = new HashMap<>();
    private final Map<String, String> decisionOf = new HashMap<>();
    /** Launched nodes not yet seen reporting. */
    private final Set<String> awaitingFirstBatch = new HashSet<>();

    private final PriorityQueue<Due> due = new PriorityQueue<>(
            (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
    private final List<DeploymentEvent> events = new ArrayList<>();
    /** When each node was stopped. */
    private final Map<String, Long> stoppedAt = new HashMap<>();

    private long order;
    private int failedLaunches;
    /** When the action running now was due. */
    private long at;

    BenchDeployer(
            SimulatedFleet fleet,
            long seed,
            long minLaunchMillis,
            long maxLaunchMillis,
            long drainMillis,
            double launchFailureRate) {
        this.fleet = fleet;
        this.launchFailureRate = launchFailureRate;
        this.random = new SplittableRandom(seed);
        this.minLaunchMillis = minLaunchMillis;
        this.maxLaunchMillis = maxLaunchMillis;
        this.drainMillis = drainMillis;
    }

    /** A node the fleet started with, RUNNING from the start (the deployer's registry). */
    void adopt(String node, String family, long now) {
        familyOf.put(node, family);
        decisionOf.put(node, "initial");
        move(node, DeploymentState.RUNNING, now, "initial fleet");
    }

    /** Carries out a decision, once per id. */
    void execute(ScalingDecision d, long now) {
        if (!decisionsSeen.add(d.getId())) {
            return;
        }
        if (d.getAction() == ScalingAction.SCALE_OUT) {
            for (int i = 1; i <= d.getCount(); i++) {
                String node = d.getFamily() + "-" + tag(d.getId()) + "-" + i;
                if (nodes.containsKey(node)) {
                    continue;
                }
                familyOf.put(node, d.getFamily());
                decisionOf.put(node, d.getId());
                move(node, DeploymentState.REQUESTED, now, d.getReason());
                move(node, DeploymentState.STARTING, now, null);
                long delay = minLaunchMillis + random.nextLong(maxLaunchMillis - minLaunchMillis + 1);
                boolean fails = random.nextDouble() < launchFailureRate;
                schedule(now + delay, () -> {
                    if (fails) {
                        failedLaunches++;
                        move(node, DeploymentState.FAILED, at, "provider error (injected by the bench)");
                    } else {
                        fleet.startNode(node, d.getFamily());
                        awaitingFirstBatch.add(node);
                    }
                });
            }
        } else if (d.getNodes() != null) {
            for (String node : d.getNodes()) {
                if (nodes.get(node) != DeploymentState.RUNNING) {
                    continue;
                }
                decisionOf.put(node, d.getId());
                move(node, DeploymentState.STOPPING, now, d.getReason() + "; draining for " + drainMillis + " ms");
                schedule(now + drainMillis, () -> {
                    fleet.stopNode(node);
                    stoppedAt.put(node, at);
                    move(node, DeploymentState.STOPPED, at, null);
                });
            }
        }
    }

    /** Runs what is due by {@code now}. */
    void advance(long now) {
        while (!due.isEmpty() && due.peek().at() <= now) {
            Due d = due.poll();
            at = d.at();
            d.action().run();
        }
    }

    /** A batch from {@code node} arrived at {@code now}: a launched node reporting for the first time is RUNNING. */
    void reported(String node, long now) {
        if (awaitingFirstBatch.remove(node)) {
            move(node, DeploymentState.RUNNING, now, null);
        }
    }

    /** The events since the last call, in order. */
    List<DeploymentEvent> drainEvents() {
        List<DeploymentEvent> out = new ArrayList<>(events);
        events.clear();
        return out;
    }

    int failedLaunches() {
        return failedLaunches;
    }

    Long stoppedAt(String node) {
        return stoppedAt.get(node);
    }

    private void schedule(long when, Runnable action) {
        due.add(new Due(when, order++, action));
    }

    private void move(String node, DeploymentState state, long now, String reason) {
        nodes.put(node, state);
        events.add(DeploymentEvent.newBuilder()
                .setNode(node)
                .setFamily(familyOf.get(node))
                .setDecisionId(decisionOf.get(node))
                .setProvider("simulated")
                .setState(state)
                .setTimestamp(Instant.ofEpochMilli(now))
                .setReason(reason)
                .build());
    }

    /** As the deployer's {@code DeploymentTracker.tag}: 12 hex digits of the decision id's SHA-256. */
    static String tag(String decisionId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(decisionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
