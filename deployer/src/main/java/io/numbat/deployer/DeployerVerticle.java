package io.numbat.deployer;

import io.numbat.bridge.DeadLetterPublisher;
import io.numbat.bridge.FailurePolicy;
import io.numbat.bridge.RecordHandler;
import io.numbat.bridge.RecordRejectedException;
import io.numbat.bridge.TopicPump;
import io.numbat.deployer.api.DeployerApi;
import io.numbat.deployer.api.DeployerState;
import io.numbat.deployer.broker.Broker;
import io.numbat.deployer.broker.Placement;
import io.numbat.deployer.broker.Plan;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ScaleInPolicy;
import io.numbat.deployer.cluster.FamilyRebalance;
import io.numbat.deployer.cluster.Handover;
import io.numbat.deployer.cluster.Ownership;
import io.numbat.deployer.decision.DecisionCheck;
import io.numbat.deployer.kafka.AckedPublisher;
import io.numbat.deployer.kafka.OperatorDecisions;
import io.numbat.deployer.launch.LaunchListener;
import io.numbat.deployer.launch.LaunchSupervisor;
import io.numbat.deployer.launch.RetryPlacer;
import io.numbat.deployer.launch.Scheduler;
import io.numbat.deployer.launch.VertxScheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.deployer.state.Utilisation;
import io.numbat.deployer.stop.NodeStopper;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.numbat.schemas.util.Printable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out scaling decisions: the capability broker splits each new decision's nodes across the
 * configured providers (nodes it cannot place, or of an unknown family, are FAILED with its reason),
 * the {@link LaunchSupervisor} launches each through its provider within the provider's concurrency
 * limit, with start time-outs and retries, and nodes move REQUESTED → STARTING → RUNNING (when their
 * first metrics appear on {@code numbat.metrics}), or FAILED; a scale-in drains its nodes (STOPPING)
 * and stops them. Every move is published to {@code numbat.deployments}. On start it rebuilds its
 * state from that compacted topic and keeps following it, so a restarted deployer carries out no
 * decision twice and finishes the launches that were under way. Several deployers share the work by
 * family: each acts only for the families whose decision partition the consumer group assigned it
 * ({@link Handover}, {@link FamilyRebalance}). Records are handled one by one: an unreadable one, a
 * decision that breaks a {@link DecisionCheck} rule, or one whose handling keeps failing goes to the
 * dead-letter topic and the others are carried out. Nothing here blocks the event loop: operator
 * decisions are published from a worker, within {@link #SUBMIT_TIMEOUT_MS}.
 */
public final class DeployerVerticle extends VerticleBase implements DeployerState {
    /** Names this component in dead letters. */
    public static final String COMPONENT = "deployer";
    /** The consumer group of every deployer: they share the decision partitions, hence the families. */
    public static final String DECISIONS_GROUP = "numbat-deployer";
    /** How long an operator request waits for the broker to acknowledge its decision before answering 503. */
    public static final long SUBMIT_TIMEOUT_MS = 15_000;
    /** How long a send may wait for metadata (the broker away) before failing, unless configured otherwise. */
    static final int MAX_BLOCK_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeployerVerticle.class);

    private final ClusterConnection cluster;
    private final SchemaRegistryClient registry;
    private final Map<String, NodeProvider> providers;
    private final Broker broker;
    private final DeployerConfig config;
    private final int httpPort;
    private String httpHost = "127.0.0.1";
    private java.util.Optional<String> httpToken = java.util.Optional.empty();
    private HttpServer http;
    private KafkaProducer<String, ScalingDecision> operatorDecisions;
    private OperatorDecisions operatorPublisher;
    private KafkaProducer<String, FamilyPolicy> policies;
    private AckedPublisher<FamilyPolicy> policyPublisher;
    private final DeploymentTracker tracker = new DeploymentTracker();
    private Deserializer<ScalingDecision> decisions;
    private KafkaProducer<String, DeploymentEvent> events;
    private KafkaProducer<String, DeadLetter> deadLetters;
    private DeadLetterPublisher deadLetterPublisher;
    private final DecisionCheck check;
    private TopicPump decisionPump;
    private TopicPump metricsPump;
    private Deserializer<MetricBatch> metricBatches;
    private LaunchSupervisor launcher;
    private NodeStopper stopper;
    private Scheduler scheduler;
    private final Utilisation utilisation = new Utilisation();
    private Deserializer<DeploymentEvent> deploymentEvents;
    private volatile TopicPump follower;
    /** Which families this deployer acts for; null until the decisions topic's partitions are known. */
    private volatile Handover handover;
    private long followed;

    /**
     * @param providers an implementation for every provider of {@code config}, by provider name
     * @throws IllegalArgumentException naming a configured provider that has no implementation
     */
    public DeployerVerticle(ClusterConnection cluster, SchemaRegistryClient registry, DeployerConfig config,
                            Map<String, NodeProvider> providers) {
        this(cluster, registry, config, providers, -1);
    }

    /**
     * @param httpPort port of the REST API on 127.0.0.1 (0 picks a free one, -1 serves none)
     */
    public DeployerVerticle(ClusterConnection cluster, SchemaRegistryClient registry, DeployerConfig config,
                            Map<String, NodeProvider> providers, int httpPort) {
        this.config = config;
        this.httpPort = httpPort;
        this.cluster = cluster;
        this.registry = registry;
        this.providers = Map.copyOf(providers);
        for (ProviderConfig p : config.providers()) {
            if (!providers.containsKey(p.name())) {
                throw new IllegalArgumentException("provider '" + p.name() + "' (type " + p.type()
                        + ") has no implementation in this deployer yet; available: " + providers.keySet());
            }
        }
        this.broker = new Broker(config);
        this.check = new DecisionCheck(config);
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            decisions = Topics.SCALING_DECISIONS.valueSerde(registry).deserializer();
            metricBatches = Topics.METRICS.valueSerde(registry).deserializer();
            scheduler = new VertxScheduler(context);
            Map<String, Integer> limits = new HashMap<>();
            config.providers().forEach(p -> limits.put(p.name(), p.maxConcurrentStarts()));
            stopper = new NodeStopper(config.drain(), providers, scheduler, stopOutcomes());
            launcher = new LaunchSupervisor(config.launch(), providers, limits, this::retryPlacement, scheduler, launchEvents());
            events = new KafkaProducer<>(cluster.producerConfig("numbat-deployer-events"),
                    Topics.DEPLOYMENTS.keySerde().serializer(), Topics.DEPLOYMENTS.valueSerde(registry).serializer());
            deadLetters = new KafkaProducer<>(cluster.producerConfig("numbat-deployer-dead-letters"),
                    Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde(registry).serializer());
            deadLetterPublisher = new DeadLetterPublisher(COMPONENT, deadLetters);
            Map<String, Object> operatorConfig = cluster.producerConfig("numbat-deployer-operator");
            operatorConfig.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
            operatorDecisions = new KafkaProducer<>(operatorConfig,
                    Topics.SCALING_DECISIONS.keySerde().serializer(), Topics.SCALING_DECISIONS.valueSerde(registry).serializer());
            operatorPublisher = new OperatorDecisions(vertx, operatorDecisions, SUBMIT_TIMEOUT_MS);
            Map<String, Object> policyConfig = cluster.producerConfig("numbat-deployer-policies");
            policyConfig.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
            policies = new KafkaProducer<>(policyConfig,
                    Topics.FAMILY_POLICIES.keySerde().serializer(), Topics.FAMILY_POLICIES.valueSerde(registry).serializer());
            policyPublisher = new AckedPublisher<>(vertx, policies, SUBMIT_TIMEOUT_MS);
            deploymentEvents = Topics.DEPLOYMENTS.valueSerde(registry).deserializer();
            follow();
            metricsPump = new TopicPump("metrics-watch", consumer("numbat-deployer-watch", "latest"), context,
                    RecordHandler.onContext(this::onMetrics), FailurePolicy.deadLetter(deadLetterPublisher)).tail(Topics.METRICS.name());
            KafkaConsumer<String, byte[]> decisionConsumer = new KafkaConsumer<>(decisionConsumerConfig(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            int partitions = decisionConsumer.partitionsFor(Topics.SCALING_DECISIONS.name()).size();
            Handover fresh = new Handover(new Ownership(partitions), tracker);
            context.runOnContext(v -> handover = fresh);
            decisionPump = new TopicPump("decisions", decisionConsumer, context, RecordHandler.onContext(this::onDecision),
                    FailurePolicy.deadLetter(deadLetterPublisher))
                    .beforeCommit(() -> {
                        events.flush();
                        operatorDecisions.flush();
                    })
                    .subscribe(Topics.SCALING_DECISIONS.name(), new FamilyRebalance(fresh, launcher, follower::caughtUp, events::flush,
                            task -> context.runOnContext(v -> task.run()))
                            .withStopAgain(node -> tracker.provider(node).filter(providers::containsKey)
                                    .ifPresent(p -> stopper.stop(node, p))));
            LOG.info("deployer started with providers {}", providers.keySet());
            return null;
        }).compose(v -> httpPort < 0 ? io.vertx.core.Future.succeededFuture()
                : new DeployerApi(this, httpToken, isLoopback(httpHost)).server(vertx).listen(httpPort, httpHost)
                .map(server -> {
                    http = server;
                    LOG.info("deployer REST API at http://{}:{}/api", httpHost, server.actualPort());
                    return null;
                }));
    }

    /**
     * Serves the REST API on {@code host} instead of 127.0.0.1; with {@code token}, actions need it,
     * and so does every request when {@code host} is not loopback. Call before deploying the verticle.
     *
     * @throws IllegalArgumentException for a non-loopback host without a token
     */
    public DeployerVerticle withHttp(String host, java.util.Optional<String> token) {
        if (token.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException("the deployer's REST API bound to " + host + " (not loopback) requires a token");
        }
        this.httpHost = host;
        this.httpToken = token;
        return this;
    }

    private static boolean isLoopback(String host) {
        try {
            return host.equals("localhost") || java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * Live while the deployments follower's brokers answer; ready once it has caught up with
     * {@code numbat.deployments} and the decision partitions are known. Any thread.
     */
    @Override
    public io.numbat.schemas.health.Health health() {
        TopicPump f = follower;
        if (f == null) {
            return new io.numbat.schemas.health.Health(true, false, Map.of("deployments", "starting"));
        }
        io.numbat.schemas.health.Health deployments = f.health();
        Map<String, Object> checks = new java.util.LinkedHashMap<>(deployments.checks());
        checks.put("decisions", handover == null ? "partitions not known yet" : "following");
        return new io.numbat.schemas.health.Health(deployments.live(), deployments.ready() && handover != null, checks);
    }

    /** The REST API's port, or -1 when it is not served. */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    @Override
    public List<NodeView> nodes() {
        return tracker.nodes().stream().map(n -> new NodeView(n.node(), n.family(), n.provider(), n.state().name(),
                n.decisionId())).toList();
    }

    @Override
    public Optional<NodeView> node(String name) {
        return tracker.state(name).map(state -> new NodeView(name, tracker.family(name).orElseThrow(),
                tracker.provider(name).orElseThrow(), state.name(), tracker.decision(name).orElse(null)));
    }

    @Override
    public Map<String, int[]> families() {
        Map<String, int[]> out = new java.util.TreeMap<>();
        config.families().forEach((name, f) -> out.put(name, new int[] {f.minNodes(), f.maxNodes()}));
        return out;
    }

    @Override
    public Map<String, String[]> providers() {
        Map<String, String[]> out = new java.util.TreeMap<>();
        config.providers().forEach(p -> out.put(p.name(), new String[] {p.type().name().toLowerCase(java.util.Locale.ROOT),
                String.valueOf(p.maxNodes())}));
        return out;
    }

    /** Publishes an operator decision from a worker thread; succeeds once the broker acknowledged it. */
    @Override
    public Future<Void> submit(ScalingDecision decision) {
        return operatorPublisher.submit(decision);
    }

    @Override
    public Future<Void> setPolicy(FamilyPolicy policy) {
        return policyPublisher.publish(new ProducerRecord<>(Topics.FAMILY_POLICIES.name(), policy.getFamily(), policy),
                        "policy of " + policy.getFamily())
                .onSuccess(v -> LOG.info("policy of {}: {}{} by {}: {}", policy.getFamily(), policy.getMode(),
                        policy.getMode() == io.numbat.schemas.PolicyMode.PINNED ? " at " + policy.getPinnedNodes() : "",
                        Printable.escape(policy.getUser()), Printable.escape(policy.getReason())))
                .onFailure(e -> LOG.error("policy of {} could not be published: {}", policy.getFamily(), e.toString()));
    }

    /**
     * Rebuilds the tracker from the compacted {@code numbat.deployments} topic and keeps following it
     * (runs on a worker thread before any decision is read): a deployer knows every node, also those
     * of the families other deployers of the group own. Launches under way are resumed by family,
     * when the group assigns this deployer their decision partition ({@link FamilyRebalance}).
     */
    private void follow() throws InterruptedException, ExecutionException {
        follower = new TopicPump("deployments", new KafkaConsumer<>(cluster.consumerConfig("numbat-deployer-follow",
                "numbat-deployer-follow-" + deploymentID(), "earliest"), new StringDeserializer(), new ByteArrayDeserializer()),
                context, RecordHandler.onContext(this::onDeployment), FailurePolicy.deadLetter(deadLetterPublisher))
                .follow(Topics.DEPLOYMENTS.name());
        follower.caughtUp().get();
        LOG.info("restored {} deployment events; {} launches are under way", followed, tracker.unfinishedLaunches().size());
    }

    /** Events of {@code numbat.deployments}: applied for the families another deployer owns (or, before the first assignment, all). */
    private void onDeployment(ConsumerRecord<String, byte[]> r) {
        DeploymentEvent e = read(deploymentEvents, r);
        if (e != null && (handover == null ? restoreAll(e) : handover.follow(e))) {
            followed++;
        }
    }

    /**
     * A record's value, read: an unreadable one is rejected (dead-lettered at once), but not while
     * the registry is away, which is worth another attempt.
     */
    private static <T> T read(Deserializer<T> deserializer, ConsumerRecord<String, byte[]> r) {
        try {
            return deserializer.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            if (causedBy(e, SchemaRegistryUnavailableException.class)) {
                throw e;
            }
            throw new RecordRejectedException("unreadable record: " + e.getMessage(), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private boolean restoreAll(DeploymentEvent e) {
        tracker.restore(e);
        return true;
    }

    /**
     * The decisions consumer: cooperative rebalancing (unless {@code --kafka-config} picks another
     * assignor or the new group protocol), so a rebalance moves only the partitions that change owner
     * and the other families' launches go on undisturbed.
     */
    private Map<String, Object> decisionConsumerConfig() {
        Map<String, Object> c = cluster.consumerConfig(DECISIONS_GROUP, DECISIONS_GROUP + "-" + deploymentID(), "earliest");
        if (!"consumer".equalsIgnoreCase(String.valueOf(c.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            c.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        return c;
    }

    private KafkaConsumer<String, byte[]> consumer(String group, String reset) {
        return new KafkaConsumer<>(cluster.consumerConfig(group, group + "-" + deploymentID(), reset),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** One decision: checked, then carried out if this deployer owns its family (else forwarded); throws to dead-letter it. */
    private void onDecision(ConsumerRecord<String, byte[]> r) {
        ScalingDecision d = read(decisions, r);
        if (d == null) {
            throw new RecordRejectedException("record has no value");
        }
        check.problem(d).ifPresent(problem -> {
            throw new RecordRejectedException(problem);
        });
        if (!owns(d.getFamily())) {
            // keyed by something else than its family: the family's owner must carry it out
            LOG.warn("decision {} of family {} arrived on partition {}, not the family's: forwarded keyed by family",
                    d.getId(), d.getFamily(), r.partition());
            operatorPublisher.forward(d);
            return;
        }
        LOG.info("decision {} received ({} ms after it was made)", d.getId(), now() - d.getTimestamp().toEpochMilli());
        if (d.getAction() == ScalingAction.SCALE_IN) {
            tracker.scaleIn(d, config.scaleIn(d.getFamily()), utilisation::of)
                    .forEach(node -> stop(node, d));
        } else {
            place(d, tracker.accept(d));
        }
    }

    /**
     * Splits a decision's new nodes across providers as the broker plans, and launches them; the
     * nodes it cannot place (all of them for an unknown family) are FAILED with the broker's reason.
     */
    private void place(ScalingDecision d, List<NodeSpec> specs) {
        if (specs.isEmpty()) {
            return;
        }
        Plan plan;
        try {
            plan = broker.plan(d.getFamily(), specs.size(), tracker.load());
        } catch (IllegalArgumentException e) {
            LOG.error("decision {} cannot be carried out: {}", d.getId(), e.getMessage());
            specs.forEach(spec -> publish(tracker.unplaced(spec, now(), "decision " + d.getId() + ": " + e.getMessage())));
            return;
        }
        int next = 0;
        for (Placement placement : plan.placements()) {
            LOG.info("decision {}: {} x {} on {} ({})", d.getId(), placement.count(), d.getFamily(), placement.provider(),
                    placement.reason());
            for (int i = 0; i < placement.count(); i++) {
                NodeSpec spec = specs.get(next++);
                publish(tracker.requested(spec, placement.provider(), now()));
                launcher.launch(spec, placement.provider());
            }
        }
        if (!plan.complete()) {
            LOG.error("decision {}: {} of {} nodes not placed: {}", d.getId(), plan.shortfall(), specs.size(),
                    plan.explanation());
            for (NodeSpec spec : specs.subList(next, specs.size())) {
                publish(tracker.unplaced(spec, now(), "not placed: " + plan.explanation()));
            }
        }
    }

    /** A retry's provider: the broker's best fit among those not tried yet, else among all. */
    private RetryPlacer.Pick retryPlacement(NodeSpec spec, Set<String> tried) {
        var load = tracker.loadWithout(spec.node());
        Plan fresh = broker.plan(spec.family(), 1, load, tried);
        if (!fresh.placements().isEmpty()) {
            return new RetryPlacer.Pick(fresh.placements().get(0).provider(), fresh.placements().get(0).reason());
        }
        Plan any = broker.plan(spec.family(), 1, load);
        if (!any.placements().isEmpty()) {
            return new RetryPlacer.Pick(any.placements().get(0).provider(), "no untried provider fits; "
                    + any.placements().get(0).reason());
        }
        return RetryPlacer.Pick.none(any.explanation());
    }

    /** The launch supervisor's moves, applied to the tracker and published. */
    private LaunchListener launchEvents() {
        return new LaunchListener() {
            @Override
            public void starting(NodeSpec spec, String provider, String reason) {
                LOG.debug("launching {} of family {} for decision {} on {}", spec.node(), spec.family(), spec.decisionId(), provider);
                tracker.move(spec.node(), DeploymentState.STARTING, now(), reason).ifPresent(DeployerVerticle.this::publish);
            }

            @Override
            public void retrying(NodeSpec spec, String provider, String reason) {
                tracker.requeue(spec.node(), provider, now(), reason).ifPresent(DeployerVerticle.this::publish);
            }

            @Override
            public void failed(NodeSpec spec, String provider, String reason) {
                LOG.error("{} FAILED: {}", spec.node(), reason);
                tracker.move(spec.node(), DeploymentState.FAILED, now(), reason).ifPresent(DeployerVerticle.this::publish);
            }
        };
    }

    /** Scale-in: STOPPING now; the stopper drains the node, stops it and reports STOPPED or FAILED. */
    private void stop(String node, ScalingDecision d) {
        String providerName = tracker.provider(node).orElseThrow();
        tracker.moveFor(d.getId(), node, DeploymentState.STOPPING, now(), d.getReason()
                + (config.drain().isZero() ? "" : "; draining for " + config.drain().toMillis() + " ms")).ifPresent(this::publish);
        LOG.info("stopping {} on {} for decision {}", node, providerName, d.getId());
        stopper.stop(node, providerName);
    }

    private NodeStopper.Outcome stopOutcomes() {
        return new NodeStopper.Outcome() {
            @Override
            public void stopped(String node, String reason) {
                utilisation.forget(node);
                tracker.move(node, DeploymentState.STOPPED, now(), reason).ifPresent(DeployerVerticle.this::publish);
            }

            @Override
            public void failed(String node, String reason) {
                tracker.move(node, DeploymentState.FAILED, now(), reason).ifPresent(DeployerVerticle.this::publish);
            }
        };
    }

    private void onMetrics(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        // an Erlang node's agent reports it by its Erlang name: web-7@host is Numbat node web-7
        int at = r.key().indexOf('@');
        String node = at > 0 && tracker.family(r.key()).isEmpty() ? r.key().substring(0, at) : r.key();
        if (!acts(node)) {
            return; // another deployer's node, or unknown
        }
        tracker.metricsSeen(node, now())
                .ifPresent(e -> {
            LOG.debug("{} is RUNNING", e.getNode());
            launcher.running(e.getNode());
            publish(e);
        });
        if (watchesLoadOf(node)) {
            rememberUtilisation(r);
        }
    }

    /** Whether the node's family scales in least-loaded first, so its utilisation matters. */
    private boolean watchesLoadOf(String node) {
        return tracker.state(node).filter(s -> s == DeploymentState.RUNNING).isPresent()
                && tracker.family(node).map(f -> config.scaleIn(f) == ScaleInPolicy.LEAST_LOADED).orElse(false);
    }

    private void rememberUtilisation(ConsumerRecord<String, byte[]> r) {
        try {
            MetricBatch b = metricBatches.deserialize(r.topic(), r.value());
            if (b != null) {
                utilisation.record(b);
            }
        } catch (RuntimeException e) {
            LOG.debug("metrics of {} unreadable: {}", r.key(), e.getMessage());
        }
    }

    /** Whether this deployer acts for {@code node}'s family now. */
    private boolean acts(String node) {
        return handover != null && tracker.family(node).map(handover::owns).orElse(false);
    }

    @Override
    public boolean owns(String family) {
        return handover != null && handover.owns(family);
    }

    private void publish(DeploymentEvent e) {
        if (!owns(e.getFamily())) {
            // a late outcome (a drained node stopped) of a family handed over: its new owner writes its events
            LOG.warn("not publishing {} of {}: family {} is now another deployer's", e.getState(), e.getNode(), e.getFamily());
            return;
        }
        events.send(new ProducerRecord<>(Topics.DEPLOYMENTS.name(), e.getNode(), e), (md, err) -> {
            if (err != null) {
                LOG.error("could not publish {} of {}: {}", e.getState(), e.getNode(), err.toString());
            }
        });
    }

    private long now() {
        return System.currentTimeMillis();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (decisionPump != null) {
                decisionPump.close();
            }
            if (metricsPump != null) {
                metricsPump.close();
            }
            if (follower != null) {
                follower.close();
            }
            if (deadLetterPublisher != null) {
                deadLetterPublisher.close();
            }
            if (events != null) {
                events.close(java.time.Duration.ofSeconds(5));
            }
            if (operatorDecisions != null) {
                operatorDecisions.close(java.time.Duration.ofSeconds(5));
            }
            if (policies != null) {
                policies.close(java.time.Duration.ofSeconds(5));
            }
            if (deadLetters != null) {
                deadLetters.close(java.time.Duration.ofSeconds(5));
            }
            return null;
        });
    }
}
