package io.numbat.deployer.state;

import io.numbat.deployer.broker.Load;
import io.numbat.deployer.config.ScaleInPolicy;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The deployer's memory of decisions and nodes: which decisions were already carried out, and
 * each launched node's state. Every accepted move yields the {@link DeploymentEvent} to publish;
 * a move the state machine forbids is refused. Plain Java, not thread-safe: the verticle owns it.
 */
public final class DeploymentTracker {
    private record Tracked(String family, String decisionId, String provider, DeploymentState state, long order) {}

    /** The provider of a node that was never placed on one. */
    public static final String NO_PROVIDER = "(none)";

    private final Set<String> decisionsSeen = new HashSet<>();
    private final Map<String, Tracked> nodes = new HashMap<>();
    private long launches;

    /**
     * The nodes to launch for a scale-out: its {@code count} node names (derived from the decision id,
     * so the same on every delivery) less those already known. A decision delivered again, by this
     * deployer or after a restart, thus launches only what no event records yet: nothing when it was
     * carried out, the rest when a crash cut it short. None for a scale-in.
     */
    public List<NodeSpec> accept(ScalingDecision d) {
        if (d.getAction() != ScalingAction.SCALE_OUT) {
            return List.of();
        }
        decisionsSeen.add(d.getId());
        List<NodeSpec> specs = new ArrayList<>(); // not sized by the count: a decision's count is not to be trusted
        String tag = tag(d.getId());
        for (int i = 1; i <= d.getCount(); i++) {
            String node = d.getFamily() + "-" + tag + "-" + i;
            if (!nodes.containsKey(node)) {
                specs.add(new NodeSpec(node, d.getFamily(), d.getId(), d.getProfile()));
            }
        }
        return specs;
    }

    /** 12 hex digits (48 bits) of the decision id's SHA-256: node names of two decisions practically never collide. */
    static String tag(String decisionId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(decisionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    /** Registers a node about to be launched and returns its REQUESTED event. */
    public DeploymentEvent requested(NodeSpec spec, String provider, long nowMillis) {
        nodes.put(
                spec.node(),
                new Tracked(spec.family(), spec.decisionId(), provider, DeploymentState.REQUESTED, launches++));
        return event(spec.node(), nodes.get(spec.node()), nowMillis, null);
    }

    /**
     * A node that will never be launched (its decision names an unknown family, or the broker could
     * not place it): registered as FAILED on no provider, and that event returned.
     */
    public DeploymentEvent unplaced(NodeSpec spec, long nowMillis, String reason) {
        nodes.put(
                spec.node(),
                new Tracked(spec.family(), spec.decisionId(), NO_PROVIDER, DeploymentState.FAILED, launches++));
        return event(spec.node(), nodes.get(spec.node()), nowMillis, reason);
    }

    /** A retry: a STARTING node goes back to REQUESTED, now on {@code provider}; empty if not allowed. */
    public Optional<DeploymentEvent> requeue(String node, String provider, long nowMillis, String reason) {
        Tracked t = nodes.get(node);
        if (t == null || !NodeState.allowed(t.state(), DeploymentState.REQUESTED)) {
            return Optional.empty();
        }
        nodes.put(node, new Tracked(t.family(), t.decisionId(), provider, t.state(), t.order()));
        return move(node, DeploymentState.REQUESTED, nowMillis, reason);
    }

    /** Moves a node to {@code to}; empty if the node is unknown or the move is not allowed. */
    public Optional<DeploymentEvent> move(String node, DeploymentState to, long nowMillis, String reason) {
        Tracked t = nodes.get(node);
        if (t == null || !NodeState.allowed(t.state(), to)) {
            return Optional.empty();
        }
        Tracked moved = new Tracked(t.family(), t.decisionId(), t.provider(), to, t.order());
        nodes.put(node, moved);
        return Optional.of(event(node, moved, nowMillis, reason));
    }

    /**
     * The nodes a scale-in decision stops: those it names that are RUNNING, or else at most
     * {@code count} RUNNING nodes of its family that this deployer launched, chosen by {@code policy}
     * (least loaded: lowest {@code utilisation}, unknown counting as 0, newest first among equals);
     * none for a scale-out. A decision seen again (redelivered after a crash cut it short) stops only
     * what it has not stopped yet: the nodes it already moved carry its id.
     */
    public List<String> scaleIn(ScalingDecision d, ScaleInPolicy policy, ToDoubleFunction<String> utilisation) {
        if (d.getAction() != ScalingAction.SCALE_IN) {
            return List.of();
        }
        decisionsSeen.add(d.getId());
        long already = nodes.values().stream()
                .filter(t -> d.getId().equals(t.decisionId()))
                .count();
        if (d.getNodes() != null) {
            return claim(
                    d,
                    d.getNodes().stream()
                            .distinct()
                            .filter(n -> nodes.containsKey(n)
                                    && nodes.get(n).state() == DeploymentState.RUNNING
                                    && !d.getId().equals(nodes.get(n).decisionId()))
                            .toList());
        }
        Comparator<Map.Entry<String, Tracked>> newest =
                (a, b) -> Long.compare(b.getValue().order(), a.getValue().order());
        Comparator<Map.Entry<String, Tracked>> order = policy == ScaleInPolicy.LEAST_LOADED
                ? Comparator.<Map.Entry<String, Tracked>>comparingDouble(e -> utilisation.applyAsDouble(e.getKey()))
                        .thenComparing(newest)
                : newest;
        return claim(
                d,
                nodes.entrySet().stream()
                        .filter(e -> e.getValue().family().equals(d.getFamily())
                                && e.getValue().state() == DeploymentState.RUNNING)
                        .sorted(order)
                        .limit(Math.max(0, d.getCount() - already))
                        .map(Map.Entry::getKey)
                        .toList());
    }

    /** Marks the chosen nodes as the decision's, so that seeing it again chooses no node twice. */
    private List<String> claim(ScalingDecision d, List<String> chosen) {
        for (String n : chosen) {
            Tracked t = nodes.get(n);
            nodes.put(n, new Tracked(t.family(), d.getId(), t.provider(), t.state(), t.order()));
        }
        return chosen;
    }

    /** Nodes that were STOPPING when the deployer stopped, oldest launch first: their stop is asked again. */
    public List<String> unfinishedStops() {
        return nodes.entrySet().stream()
                .filter(e -> e.getValue().state() == DeploymentState.STOPPING)
                .sorted((a, b) ->
                        Long.compare(a.getValue().order(), b.getValue().order()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** As {@link #scaleIn(ScalingDecision, ScaleInPolicy, ToDoubleFunction)}, newest first. */
    public List<String> scaleIn(ScalingDecision d) {
        return scaleIn(d, ScaleInPolicy.NEWEST, n -> 0);
    }

    /** One node as the API shows it. */
    public record NodeInfo(String node, String family, String provider, DeploymentState state, String decisionId) {}

    /** Every known node, oldest launch first. */
    public List<NodeInfo> nodes() {
        return nodes.entrySet().stream()
                .sorted((a, b) ->
                        Long.compare(a.getValue().order(), b.getValue().order()))
                .map(e -> new NodeInfo(
                        e.getKey(),
                        e.getValue().family(),
                        e.getValue().provider(),
                        e.getValue().state(),
                        e.getValue().decisionId()))
                .toList();
    }

    /** The provider a node was launched on. */
    public Optional<String> provider(String node) {
        return Optional.ofNullable(nodes.get(node)).map(Tracked::provider);
    }

    /**
     * Replays one event of {@code numbat.deployments} at start-up, so that a restarted deployer knows
     * every node and never carries out a decision twice.
     */
    public void restore(DeploymentEvent e) {
        Tracked old = nodes.get(e.getNode());
        nodes.put(
                e.getNode(),
                new Tracked(
                        e.getFamily(),
                        e.getDecisionId(),
                        e.getProvider(),
                        e.getState(),
                        old == null ? launches++ : old.order()));
        if (e.getDecisionId() != null) {
            decisionsSeen.add(e.getDecisionId());
        }
    }

    /** A node that was being launched when the deployer stopped, on its provider, in its state. */
    public record Unfinished(NodeSpec spec, String provider, DeploymentState state) {}

    /** Nodes that were being launched when the deployer stopped: REQUESTED or STARTING, oldest launch first. */
    public List<Unfinished> unfinishedLaunches() {
        return nodes.entrySet().stream()
                .filter(e -> e.getValue().state() == DeploymentState.REQUESTED
                        || e.getValue().state() == DeploymentState.STARTING)
                .sorted((a, b) ->
                        Long.compare(a.getValue().order(), b.getValue().order()))
                .map(e -> new Unfinished(
                        new NodeSpec(
                                e.getKey(), e.getValue().family(), e.getValue().decisionId(), null),
                        e.getValue().provider(),
                        e.getValue().state()))
                .toList();
    }

    /** Moves a node on behalf of another decision (a scale-in), which the event then names. */
    public Optional<DeploymentEvent> moveFor(
            String decisionId, String node, DeploymentState to, long nowMillis, String reason) {
        Tracked t = nodes.get(node);
        if (t == null) {
            return Optional.empty();
        }
        nodes.put(node, new Tracked(t.family(), decisionId, t.provider(), t.state(), t.order()));
        return move(node, to, nowMillis, reason);
    }

    /** A node's first metrics arrived: STARTING becomes RUNNING. */
    public Optional<DeploymentEvent> metricsSeen(String node, long nowMillis) {
        Tracked t = nodes.get(node);
        if (t == null || t.state() != DeploymentState.STARTING) {
            return Optional.empty();
        }
        return move(node, DeploymentState.RUNNING, nowMillis, "first metrics arrived");
    }

    /** What is placed now (every node not STOPPED or FAILED), as the broker counts it. */
    public Load load() {
        return loadWithout(null);
    }

    /** What is placed now apart from {@code node} (the one being placed again for a retry). */
    public Load loadWithout(String node) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        nodes.forEach((name, t) -> {
            if (t.state() != DeploymentState.STOPPED && t.state() != DeploymentState.FAILED && !name.equals(node)) {
                counts.computeIfAbsent(t.provider(), p -> new HashMap<>()).merge(t.family(), 1, Integer::sum);
            }
        });
        Load load = Load.none();
        for (var p : counts.entrySet()) {
            for (var f : p.getValue().entrySet()) {
                load = load.with(p.getKey(), f.getKey(), f.getValue());
            }
        }
        return load;
    }

    /** The decision a node's latest move served. */
    public Optional<String> decision(String node) {
        return Optional.ofNullable(nodes.get(node)).map(Tracked::decisionId);
    }

    /** The family of a node. */
    public Optional<String> family(String node) {
        return Optional.ofNullable(nodes.get(node)).map(Tracked::family);
    }

    public Optional<DeploymentState> state(String node) {
        return Optional.ofNullable(nodes.get(node)).map(Tracked::state);
    }

    private static DeploymentEvent event(String node, Tracked t, long nowMillis, String reason) {
        return DeploymentEvent.newBuilder()
                .setNode(node)
                .setFamily(t.family())
                .setDecisionId(t.decisionId())
                .setProvider(t.provider())
                .setState(t.state())
                .setTimestamp(Instant.ofEpochMilli(nowMillis))
                .setReason(reason)
                .build();
    }
}
