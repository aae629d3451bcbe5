package io.numbat.deployer;

import io.numbat.bridge.DeadLetterPublisher;
import io.numbat.bridge.FailurePolicy;
import io.numbat.bridge.RecordHandler;
import io.numbat.bridge.RecordRejectedException;
import io.numbat.bridge.TopicPump;
import io.numbat.deployer.api.DeployerApi;
import io.numbat.deployer.cluster.FamilyRebalance;
import io.numbat.deployer.cluster.Handover;
import io.numbat.deployer.cluster.Ownership;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.execute.DecisionExecutor;
import io.numbat.deployer.execute.DecisionRejectedException;
import io.numbat.deployer.kafka.AckedPublisher;
import io.numbat.deployer.kafka.OperatorDecisions;
import io.numbat.deployer.launch.LaunchSupervisor;
import io.numbat.deployer.launch.VertxScheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.deployer.stop.NodeStopper;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deployer: feeds its plain-Java core, the {@link DecisionExecutor}, the records of
 * {@code numbat.scaling-decisions} and {@code numbat.metrics}, publishes its events, and serves the
 * REST API. On start it rebuilds the {@link DeploymentTracker} from the compacted
 * {@code numbat.deployments} and keeps following it; deployers share the families through the
 * decisions consumer group ({@link Handover}, {@link FamilyRebalance}). A record that cannot be
 * read, a decision the core rejects, or one whose handling keeps failing is dead-lettered.
 */
public final class DeployerVerticle extends VerticleBase {
    /** Names this component in dead letters. */
    public static final String COMPONENT = "deployer";
    /** The consumer group of every deployer: they share the decision partitions, hence the families. */
    public static final String DECISIONS_GROUP = "numbat-deployer";
    /** How long an operator request waits for the broker to acknowledge its decision before answering 503. */
    public static final long SUBMIT_TIMEOUT_MS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeployerVerticle.class);

    private final ClusterConnection cluster;
    private final SchemaRegistryClient registry;
    private final Map<String, NodeProvider> providers;
    private final DeployerConfig config;
    private final DeploymentTracker tracker = new DeploymentTracker();
    private final int httpPort;
    private String httpHost = "127.0.0.1";
    private Optional<String> httpToken = Optional.empty();
    private HttpServer http;
    private DeployerView view;
    private DecisionExecutor executor;
    private LaunchSupervisor launcher;
    private NodeStopper stopper;
    private DeployerClients clients;
    private KafkaProducer<String, DeploymentEvent> events;
    private KafkaProducer<String, ScalingDecision> operatorDecisions;
    private KafkaProducer<String, FamilyPolicy> policies;
    private KafkaProducer<String, DeadLetter> deadLetters;
    private DeadLetterPublisher deadLetterPublisher;
    private TopicPump decisionPump;
    private TopicPump metricsPump;
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
        DecisionExecutor.requireProviders(config, providers);
        this.config = config;
        this.httpPort = httpPort;
        this.cluster = cluster;
        this.registry = registry;
        this.providers = Map.copyOf(providers);
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            clients = new DeployerClients(cluster, registry);
            events = clients.producer("numbat-deployer-events", Topics.DEPLOYMENTS, false);
            deadLetters = clients.producer("numbat-deployer-dead-letters", Topics.DEAD_LETTERS, false);
            deadLetterPublisher = new DeadLetterPublisher(COMPONENT, deadLetters);
            operatorDecisions = clients.producer("numbat-deployer-operator", Topics.SCALING_DECISIONS, true);
            OperatorDecisions operatorPublisher = new OperatorDecisions(vertx, operatorDecisions, SUBMIT_TIMEOUT_MS);
            policies = clients.producer("numbat-deployer-policies", Topics.FAMILY_POLICIES, true);
            executor = new DecisionExecutor(config, providers, tracker, new VertxScheduler(context), Clock.systemUTC(),
                    this::owns, this::publish, operatorPublisher::forward);
            launcher = executor.launcher();
            stopper = executor.stopper();
            view = new DeployerView(config, tracker, this::owns, operatorPublisher,
                    new AckedPublisher<>(vertx, policies, SUBMIT_TIMEOUT_MS), this::health);
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
        }).compose(v -> httpPort < 0 ? Future.succeededFuture()
                : new DeployerApi(view, httpToken, isLoopback(httpHost)).server(vertx).listen(httpPort, httpHost)
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
    public DeployerVerticle withHttp(String host, Optional<String> token) {
        if (token.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException("the deployer's REST API bound to " + host + " (not loopback) requires a token");
        }
        this.httpHost = host;
        this.httpToken = token;
        return this;
    }

    private static boolean isLoopback(String host) {
        try {
            return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Live while the deployments follower's brokers answer; ready once it has caught up with
     * {@code numbat.deployments} and the decision partitions are known. Any thread.
     */
    public Health health() {
        TopicPump f = follower;
        if (f == null) {
            return new Health(true, false, Map.of("deployments", "starting"));
        }
        Health deployments = f.health();
        Map<String, Object> checks = new LinkedHashMap<>(deployments.checks());
        checks.put("decisions", handover == null ? "partitions not known yet" : "following");
        return new Health(deployments.live(), deployments.ready() && handover != null, checks);
    }

    /** The REST API's port, or -1 when it is not served. */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** Whether this deployer acts for {@code family} now: it owns the family's decision partition. */
    public boolean owns(String family) {
        return handover != null && handover.owns(family);
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
        DeploymentEvent e = clients.deploymentEvent(r);
        if (e != null && (handover == null ? restoreAll(e) : handover.follow(e))) {
            followed++;
        }
    }

    private boolean restoreAll(DeploymentEvent e) {
        tracker.restore(e);
        return true;
    }

    private Map<String, Object> decisionConsumerConfig() {
        return clients.decisionConsumerConfig(DECISIONS_GROUP, deploymentID());
    }

    private KafkaConsumer<String, byte[]> consumer(String group, String reset) {
        return clients.consumer(group, deploymentID(), reset);
    }

    /** One decision, read and handed to the core; throws to dead-letter it. */
    private void onDecision(ConsumerRecord<String, byte[]> r) {
        ScalingDecision d = clients.decision(r);
        if (d == null) {
            throw new RecordRejectedException("record has no value");
        }
        try {
            executor.execute(d);
        } catch (DecisionRejectedException e) {
            throw new RecordRejectedException(e.getMessage(), e);
        }
    }

    private void onMetrics(ConsumerRecord<String, byte[]> r) {
        if (r.key() != null) {
            executor.metricsArrived(r.key(), () -> clients.metricBatch(r));
        }
    }

    /** Sends an event to {@code numbat.deployments}; the core publishes only those of families this deployer owns. */
    private void publish(DeploymentEvent e) {
        events.send(new ProducerRecord<>(Topics.DEPLOYMENTS.name(), e.getNode(), e), (md, err) -> {
            if (err != null) {
                LOG.error("could not publish {} of {}: {}", e.getState(), e.getNode(), err.toString());
            }
        });
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            for (AutoCloseable c : new AutoCloseable[] {decisionPump, metricsPump, follower, deadLetterPublisher}) {
                if (c != null) {
                    c.close();
                }
            }
            for (KafkaProducer<?, ?> p : Arrays.asList(events, operatorDecisions, policies, deadLetters)) {
                if (p != null) {
                    p.close(Duration.ofSeconds(5));
                }
            }
            return null;
        });
    }
}
