package io.numbat.deployer.execute;

import io.numbat.deployer.broker.Broker;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.decision.DecisionCheck;
import io.numbat.deployer.launch.LaunchSupervisor;
import io.numbat.deployer.launch.Scheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.deployer.state.Utilisation;
import io.numbat.deployer.stop.NodeStopper;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployer's core: carries out scaling decisions and follows their nodes, in plain Java (the
 * verticle feeds it records and wires its outputs to Kafka). A decision is checked ({@link DecisionCheck}),
 * forwarded if another deployer acts for its family, and else carried out: a scale-out's new nodes
 * are placed by the broker and launched ({@link ScaleOut}, {@link LaunchSupervisor}), a scale-in's
 * RUNNING nodes drain (STOPPING) and are stopped ({@link NodeStopper}). Metrics make STARTING nodes
 * RUNNING ({@link MetricsWatch}). Every move goes to the {@link DeploymentTracker} and is published
 * while this deployer owns the family ({@link NodeMoves}); time comes from the {@link Clock}, timers
 * from the {@link Scheduler}. Not thread-safe: every call runs on the scheduler's thread.
 */
public final class DecisionExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionExecutor.class);

    private final DeployerConfig config;
    private final DecisionCheck check;
    private final DeploymentTracker tracker;
    private final FamilyOwnership ownership;
    private final Forwarder forwarder;
    private final Utilisation utilisation = new Utilisation();
    private final NodeMoves moves;
    private final LaunchSupervisor launcher;
    private final NodeStopper stopper;
    private final ScaleOut scaleOut;
    private final MetricsWatch metrics;

    /**
     * @param providers an implementation for every provider of {@code config}, by provider name
     * @param tracker   the deployer's memory of nodes, which the caller also restores and follows
     * @param events    where the events of owned families go
     * @param forwarder where decisions of families another deployer owns go
     */
    public DecisionExecutor(
            DeployerConfig config,
            Map<String, NodeProvider> providers,
            DeploymentTracker tracker,
            Scheduler scheduler,
            Clock clock,
            FamilyOwnership ownership,
            DeploymentEvents events,
            Forwarder forwarder) {
        requireProviders(config, providers);
        this.config = config;
        this.check = new DecisionCheck(config);
        this.tracker = tracker;
        this.ownership = ownership;
        this.forwarder = forwarder;
        Broker broker = new Broker(config);
        Map<String, Integer> limits = new HashMap<>();
        config.providers().forEach(p -> limits.put(p.name(), p.maxConcurrentStarts()));
        this.moves = new NodeMoves(tracker, utilisation, ownership, events, clock);
        this.launcher = new LaunchSupervisor(
                config.launch(), providers, limits, new RetryPlacement(broker, tracker), scheduler, moves);
        this.stopper = new NodeStopper(config.drain(), providers, scheduler, moves);
        this.scaleOut = new ScaleOut(broker, tracker, launcher, moves);
        this.metrics = new MetricsWatch(config, tracker, utilisation, launcher, ownership, moves);
    }

    /**
     * One decision: checked, then carried out if this deployer acts for its family, else forwarded.
     *
     * @throws DecisionRejectedException if it breaks a rule: the caller dead-letters it
     */
    public void execute(ScalingDecision d) {
        check.problem(d).ifPresent(problem -> {
            throw new DecisionRejectedException(problem);
        });
        if (!ownership.owns(d.getFamily())) {
            // keyed by something else than its family: the family's owner must carry it out
            LOG.warn(
                    "decision {} of family {} arrived on a partition not the family's: forwarded keyed by family",
                    d.getId(),
                    d.getFamily());
            forwarder.forward(d);
            return;
        }
        LOG.info(
                "decision {} received ({} ms after it was made)",
                d.getId(),
                moves.now() - d.getTimestamp().toEpochMilli());
        if (d.getAction() == ScalingAction.SCALE_IN) {
            tracker.scaleIn(d, config.scaleIn(d.getFamily()), utilisation::of).forEach(node -> stop(node, d));
        } else {
            scaleOut.place(d, tracker.accept(d));
        }
    }

    /**
     * A batch of {@code numbat.metrics} keyed {@code key} (a node's name, or its Erlang name) arrived;
     * {@code batch} reads it (null if unreadable), only when the node's utilisation matters.
     */
    public void metricsArrived(String key, Supplier<MetricBatch> batch) {
        metrics.arrived(key, batch);
    }

    /** The launch supervisor, which the family rebalance tells of launches to resume or forget. */
    public LaunchSupervisor launcher() {
        return launcher;
    }

    /** The stopper, which is asked again to stop the nodes a handover or a restart left STOPPING. */
    public NodeStopper stopper() {
        return stopper;
    }

    /** Scale-in: STOPPING now; the stopper drains the node, stops it and reports STOPPED or FAILED. */
    private void stop(String node, ScalingDecision d) {
        String providerName = tracker.provider(node).orElseThrow();
        tracker.moveFor(
                        d.getId(),
                        node,
                        DeploymentState.STOPPING,
                        moves.now(),
                        d.getReason()
                                + (config.drain().isZero()
                                        ? ""
                                        : "; draining for " + config.drain().toMillis() + " ms"))
                .ifPresent(moves::publish);
        LOG.info("stopping {} on {} for decision {}", node, providerName, d.getId());
        stopper.stop(node, providerName);
    }

    /**
     * Fails unless every provider of {@code config} has an implementation in {@code providers}.
     *
     * @throws IllegalArgumentException naming the first configured provider without one
     */
    public static void requireProviders(DeployerConfig config, Map<String, NodeProvider> providers) {
        for (ProviderConfig p : config.providers()) {
            if (!providers.containsKey(p.name())) {
                throw new IllegalArgumentException("provider '" + p.name() + "' (type " + p.type()
                        + ") has no implementation in this deployer yet; available: " + providers.keySet());
            }
        }
    }
}
