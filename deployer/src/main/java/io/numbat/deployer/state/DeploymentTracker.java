package io.numbat.deployer.state;

import io.numbat.deployer.broker.Load;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployer's memory of decisions and nodes: which decisions were already carried out, and
 * each launched node's state. Every accepted move yields the {@link DeploymentEvent} to publish;
 * a move the state machine forbids is refused. Plain Java, not thread-safe: the verticle owns it.
 */
public final class DeploymentTracker {
    private record Tracked(String family, String decisionId, String provider, DeploymentState state, long order) {
    }

    private final Set<String> decisionsSeen = new HashSet<>();
    private final Map<String, Tracked> nodes = new HashMap<>();
    private long launches;

    /** The nodes to launch for a decision: {@code count} new names for a scale-out, none for a decision already seen or a scale-in. */
    public List<NodeSpec> accept(ScalingDecision d) {
        if (!decisionsSeen.add(d.getId()) || d.getAction() != ScalingAction.SCALE_OUT) {
            return List.of();
        }
        List<NodeSpec> specs = new ArrayList<>(d.getCount());
        String tag = Integer.toHexString(d.getId().hashCode() & 0x7fffffff);
        for (int i = 1; i <= d.getCount(); i++) {
            specs.add(new NodeSpec(d.getFamily() + "-" + tag + "-" + i, d.getFamily(), d.getId(), d.getProfile()));
        }
        return specs;
    }

    /** Registers a node about to be launched and returns its REQUESTED event. */
    public DeploymentEvent requested(NodeSpec spec, String provider, long nowMillis) {
        nodes.put(spec.node(), new Tracked(spec.family(), spec.decisionId(), provider, DeploymentState.REQUESTED, launches++));
        return event(spec.node(), nodes.get(spec.node()), nowMillis, null);
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
     * The nodes a scale-in decision stops: the newest RUNNING nodes of its family that this deployer
     * launched, at most {@code count}; none for a decision already seen or a scale-out.
     */
    public List<String> scaleIn(ScalingDecision d) {
        if (d.getAction() != ScalingAction.SCALE_IN || !decisionsSeen.add(d.getId())) {
            return List.of();
        }
        return nodes.entrySet().stream()
                .filter(e -> e.getValue().family().equals(d.getFamily()) && e.getValue().state() == DeploymentState.RUNNING)
                .sorted((a, b) -> Long.compare(b.getValue().order(), a.getValue().order()))
                .limit(d.getCount())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** One node as the API shows it. */
    public record NodeInfo(String node, String family, String provider, DeploymentState state, String decisionId) {
    }

    /** Every known node, oldest launch first. */
    public List<NodeInfo> nodes() {
        return nodes.entrySet().stream().sorted((a, b) -> Long.compare(a.getValue().order(), b.getValue().order()))
                .map(e -> new NodeInfo(e.getKey(), e.getValue().family(), e.getValue().provider(), e.getValue().state(),
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
        nodes.put(e.getNode(), new Tracked(e.getFamily(), e.getDecisionId(), e.getProvider(), e.getState(),
                old == null ? launches++ : old.order()));
        if (e.getDecisionId() != null) {
            decisionsSeen.add(e.getDecisionId());
        }
    }

    /** Nodes that were being launched when the deployer stopped: REQUESTED or STARTING, no metrics yet. */
    public List<NodeSpec> unfinishedLaunches() {
        return nodes.entrySet().stream()
                .filter(e -> e.getValue().state() == DeploymentState.REQUESTED || e.getValue().state() == DeploymentState.STARTING)
                .map(e -> new NodeSpec(e.getKey(), e.getValue().family(), e.getValue().decisionId(), null))
                .toList();
    }

    /** Moves a node on behalf of another decision (a scale-in), which the event then names. */
    public Optional<DeploymentEvent> moveFor(String decisionId, String node, DeploymentState to, long nowMillis, String reason) {
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
        Load load = Load.none();
        for (Tracked t : nodes.values()) {
            if (t.state() != DeploymentState.STOPPED && t.state() != DeploymentState.FAILED) {
                load = load.with(t.provider(), t.family(), 1);
            }
        }
        return load;
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
