package io.numbat.deployer;

import io.numbat.deployer.api.DeployerState;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.execute.FamilyOwnership;
import io.numbat.deployer.kafka.AckedPublisher;
import io.numbat.deployer.kafka.OperatorDecisions;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.PolicyMode;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.audit.OperatorChanges;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.topic.Topics;
import io.numbat.schemas.util.Printable;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the REST API sees of a running deployer: the configured families and providers, the nodes
 * the tracker knows, which families it acts for, its health; and where operator decisions and
 * policies (each with its audit record) are published. Reads run on the deployer's event loop, as the tracker wants.
 */
final class DeployerView implements DeployerState {
    private static final Logger LOG = LoggerFactory.getLogger(DeployerView.class);

    private final DeployerConfig config;
    private final DeploymentTracker tracker;
    private final FamilyOwnership ownership;
    private final OperatorDecisions decisions;
    private final AckedPublisher<FamilyPolicy> policies;
    private final AckedPublisher<OperatorChange> changes;
    private final Supplier<Health> health;

    DeployerView(
            DeployerConfig config,
            DeploymentTracker tracker,
            FamilyOwnership ownership,
            OperatorDecisions decisions,
            AckedPublisher<FamilyPolicy> policies,
            AckedPublisher<OperatorChange> changes,
            Supplier<Health> health) {
        this.config = config;
        this.tracker = tracker;
        this.ownership = ownership;
        this.decisions = decisions;
        this.policies = policies;
        this.changes = changes;
        this.health = health;
    }

    @Override
    public List<NodeView> nodes() {
        return tracker.nodes().stream()
                .map(n -> new NodeView(
                        n.node(), n.family(), n.provider(), n.state().name(), n.decisionId()))
                .toList();
    }

    @Override
    public Optional<NodeView> node(String name) {
        return tracker.state(name)
                .map(state -> new NodeView(
                        name,
                        tracker.family(name).orElseThrow(),
                        tracker.provider(name).orElseThrow(),
                        state.name(),
                        tracker.decision(name).orElse(null)));
    }

    @Override
    public Map<String, FamilyBounds> families() {
        Map<String, FamilyBounds> out = new TreeMap<>();
        config.families().forEach((name, f) -> out.put(name, new FamilyBounds(f.minNodes(), f.maxNodes())));
        return out;
    }

    @Override
    public Map<String, ProviderView> providers() {
        Map<String, ProviderView> out = new TreeMap<>();
        config.providers()
                .forEach(p ->
                        out.put(p.name(), new ProviderView(p.type().name().toLowerCase(Locale.ROOT), p.maxNodes())));
        return out;
    }

    @Override
    public boolean owns(String family) {
        return ownership.owns(family);
    }

    /** Publishes an operator decision from a worker thread; succeeds once the broker acknowledged it. */
    @Override
    public Future<Void> submit(ScalingDecision decision) {
        return decisions.submit(decision);
    }

    @Override
    public Future<Void> setPolicy(FamilyPolicy policy) {
        return policies.publish(
                        new ProducerRecord<>(Topics.FAMILY_POLICIES.name(), policy.getFamily(), policy),
                        "policy of " + policy.getFamily())
                .onSuccess(v -> LOG.info(
                        "policy of {}: {}{} by {}: {}",
                        policy.getFamily(),
                        policy.getMode(),
                        policy.getMode() == PolicyMode.PINNED ? " at " + policy.getPinnedNodes() : "",
                        Printable.escape(policy.getUser()),
                        Printable.escape(policy.getReason())))
                .compose(v -> {
                    // the audit record, once the policy is in place (numbat.operator-changes keeps the history)
                    OperatorChange audit = OperatorChanges.ofPolicy(policy, "deployer");
                    return changes.publish(
                            new ProducerRecord<>(Topics.OPERATOR_CHANGES.name(), policy.getFamily(), audit),
                            "audit record of the policy of " + policy.getFamily());
                })
                .onFailure(e -> LOG.error("policy of {} could not be published: {}", policy.getFamily(), e.toString()));
    }

    @Override
    public Health health() {
        return health.get();
    }
}
