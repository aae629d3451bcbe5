package io.numbat.deployer.kafka;

import io.numbat.bridge.DeadLetterPublisher;
import io.numbat.bridge.DeadLetterSink;
import io.numbat.bridge.FailurePolicy;
import io.numbat.bridge.RecordHandler;
import io.numbat.bridge.RecordRejectedException;
import io.numbat.bridge.TopicPump;
import io.numbat.deployer.cluster.FamilyRebalance;
import io.numbat.deployer.cluster.Handover;
import io.numbat.deployer.cluster.Ownership;
import io.numbat.deployer.execute.DecisionExecutor;
import io.numbat.deployer.execute.DecisionRejectedException;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployer's side of Kafka: its producers (events, operator decisions, policies, dead letters) and
 * its three pumps, which feed the {@link DecisionExecutor} on the deployer's context. {@link #start}
 * rebuilds the {@link DeploymentTracker} from the compacted {@code numbat.deployments} and keeps following
 * it, tails {@code numbat.metrics} and joins the decisions consumer group, through which deployers share
 * the families ({@link Handover}, {@link FamilyRebalance}). A record that cannot be read, a decision the
 * core rejects, or one whose handling keeps failing is dead-lettered.
 */
public final class DeployerKafka implements AutoCloseable {
    /** The consumer group of every deployer: they share the decision partitions, hence the families. */
    public static final String DECISIONS_GROUP = "numbat-deployer";
    /** How long an operator request waits for the broker to acknowledge its decision before answering 503. */
    public static final long SUBMIT_TIMEOUT_MS = 15_000;
    /** Its health before the deployments follower runs: live, not ready. */
    public static final Health STARTING = new Health(true, false, Map.of("deployments", "starting"));

    private static final Logger LOG = LoggerFactory.getLogger(DeployerKafka.class);

    private final Context context;
    private final String instance;
    private final DeployerClients clients;
    private final KafkaProducer<String, DeploymentEvent> events;
    private final KafkaProducer<String, ScalingDecision> operatorDecisions;
    private final KafkaProducer<String, FamilyPolicy> policies;
    private final KafkaProducer<String, OperatorChange> changes;
    private final AckedPublisher<OperatorChange> changePublisher;
    private final KafkaProducer<String, DeadLetter> deadLetters;
    private final DeadLetterPublisher deadLetterPublisher;
    private final DeadLetterSink countedDeadLetters;
    private final DeployerCounters counters;
    private final List<Consumer<?, ?>> consumers = new CopyOnWriteArrayList<>();
    private final OperatorDecisions operatorPublisher;
    private final AckedPublisher<FamilyPolicy> policyPublisher;
    private volatile TopicPump follower;
    private TopicPump metricsPump;
    private TopicPump decisionPump;
    /** Which families this deployer acts for; null until the decisions topic's partitions are known. */
    private volatile Handover handover;

    private long followed;

    /**
     * Opens the producers; the pumps wait for {@link #start}.
     *
     * @param context   the deployer's context, where every record is handled
     * @param instance  tells this deployer's clients apart from its peers'
     * @param component names the deployer in dead letters
     */
    public DeployerKafka(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            Context context,
            String instance,
            String component) {
        this(cluster, registry, context, instance, component, new DeployerCounters());
    }

    /** As above, counting what it does in {@code counters}. */
    public DeployerKafka(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            Context context,
            String instance,
            String component,
            DeployerCounters counters) {
        this.context = context;
        this.counters = counters;
        this.instance = instance;
        this.clients = new DeployerClients(cluster, registry);
        this.events = clients.producer("numbat-deployer-events", Topics.DEPLOYMENTS, false);
        this.deadLetters = clients.producer("numbat-deployer-dead-letters", Topics.DEAD_LETTERS, false);
        this.deadLetterPublisher = new DeadLetterPublisher(component, deadLetters);
        this.countedDeadLetters = (record, error) -> {
            counters.deadLettered();
            return deadLetterPublisher.deadLetter(record, error);
        };
        this.operatorDecisions = clients.producer("numbat-deployer-operator", Topics.SCALING_DECISIONS, true);
        this.operatorPublisher = new OperatorDecisions(context.owner(), operatorDecisions, SUBMIT_TIMEOUT_MS);
        this.policies = clients.producer("numbat-deployer-policies", Topics.FAMILY_POLICIES, true);
        this.policyPublisher = new AckedPublisher<>(context.owner(), policies, SUBMIT_TIMEOUT_MS);
        this.changes = clients.producer("numbat-deployer-changes", Topics.OPERATOR_CHANGES, true);
        this.changePublisher = new AckedPublisher<>(context.owner(), changes, SUBMIT_TIMEOUT_MS);
    }

    /** Where the audit records of operators' policy changes go. */
    public AckedPublisher<OperatorChange> changes() {
        return changePublisher;
    }

    /** Where operator decisions go, and decisions forwarded to their family's owner. */
    public OperatorDecisions operatorDecisions() {
        return operatorPublisher;
    }

    /** Where operators' family policies go. */
    public AckedPublisher<FamilyPolicy> policies() {
        return policyPublisher;
    }

    /** Sends an event to {@code numbat.deployments}; the core publishes only those of families this deployer owns. */
    public void publish(DeploymentEvent e) {
        counters.published(e.getState());
        events.send(new ProducerRecord<>(Topics.DEPLOYMENTS.name(), e.getNode(), e), (md, err) -> {
            if (err != null) {
                LOG.error("could not publish {} of {}: {}", e.getState(), e.getNode(), err.toString());
            }
        });
    }

    /**
     * Restores {@code tracker} from {@code numbat.deployments} and keeps following it, then feeds
     * {@code executor} the metrics and the decisions of the families the group assigns this deployer.
     * Blocks: call on a worker thread, before any decision is read.
     *
     * @param providers the providers this deployer has, which it asks again to stop a node left STOPPING
     */
    public void start(DecisionExecutor executor, DeploymentTracker tracker, Set<String> providers)
            throws InterruptedException, ExecutionException {
        follow(tracker);
        metricsPump = new TopicPump(
                        "metrics-watch",
                        track(clients.consumer("numbat-deployer-watch", instance, "latest")),
                        context,
                        RecordHandler.onContext(r -> onMetrics(executor, r)),
                        FailurePolicy.deadLetter(countedDeadLetters))
                .tail(Topics.METRICS.name());
        KafkaConsumer<String, byte[]> decisionConsumer = track(clients.decisionConsumer(DECISIONS_GROUP, instance));
        int partitions =
                decisionConsumer.partitionsFor(Topics.SCALING_DECISIONS.name()).size();
        Handover fresh = new Handover(new Ownership(partitions), tracker);
        context.runOnContext(v -> handover = fresh);
        decisionPump = new TopicPump(
                        "decisions",
                        decisionConsumer,
                        context,
                        RecordHandler.onContext(r -> onDecision(executor, r)),
                        FailurePolicy.deadLetter(countedDeadLetters))
                .beforeCommit(() -> {
                    events.flush();
                    operatorDecisions.flush();
                })
                .subscribe(
                        Topics.SCALING_DECISIONS.name(),
                        new FamilyRebalance(
                                        fresh,
                                        executor.launcher(),
                                        follower::caughtUp,
                                        events::flush,
                                        task -> context.runOnContext(v -> task.run()))
                                .withStopAgain(node -> tracker.provider(node)
                                        .filter(providers::contains)
                                        .ifPresent(p -> executor.stopper().stop(node, p))));
    }

    /**
     * Live while the deployments follower's brokers answer; ready once it has caught up with
     * {@code numbat.deployments} and the decision partitions are known. Any thread.
     */
    public Health health() {
        TopicPump f = follower;
        if (f == null) {
            return STARTING;
        }
        Health deployments = f.health();
        Map<String, Object> checks = new LinkedHashMap<>(deployments.checks());
        checks.put("decisions", handover == null ? "partitions not known yet" : "following");
        return new Health(deployments.live(), deployments.ready() && handover != null, checks);
    }

    private <C extends Consumer<?, ?>> C track(C consumer) {
        consumers.add(consumer);
        return consumer;
    }

    /** Its producers, for their client metrics (read them only). */
    public List<Producer<?, ?>> producers() {
        return List.of(events, operatorDecisions, policies, deadLetters);
    }

    /** Its consumers so far (the pumps poll them), for their client metrics (read them only). */
    public List<Consumer<?, ?>> consumers() {
        return new ArrayList<>(consumers);
    }

    /** Whether this deployer acts for {@code family} now: it owns the family's decision partition. */
    public boolean owns(String family) {
        Handover h = handover;
        return h != null && h.owns(family);
    }

    /**
     * Rebuilds the tracker and keeps following {@code numbat.deployments}: a deployer knows every node,
     * also those of the families other deployers of the group own. Launches under way are resumed by
     * family, when the group assigns this deployer their decision partition ({@link FamilyRebalance}).
     */
    private void follow(DeploymentTracker tracker) throws InterruptedException, ExecutionException {
        follower = new TopicPump(
                        "deployments",
                        track(clients.consumer("numbat-deployer-follow", instance, "earliest")),
                        context,
                        RecordHandler.onContext(r -> onDeployment(tracker, r)),
                        FailurePolicy.deadLetter(countedDeadLetters))
                .follow(Topics.DEPLOYMENTS.name());
        follower.caughtUp().get();
        LOG.info(
                "restored {} deployment events; {} launches are under way",
                followed,
                tracker.unfinishedLaunches().size());
    }

    /** Events of {@code numbat.deployments}: applied for the families another deployer owns (or, before the first assignment, all). */
    private void onDeployment(DeploymentTracker tracker, ConsumerRecord<String, byte[]> r) {
        DeploymentEvent e = clients.deploymentEvent(r);
        if (e == null) {
            return;
        }
        if (handover == null) {
            tracker.restore(e);
            followed++;
        } else if (handover.follow(e)) {
            followed++;
        }
    }

    /** One decision, read and handed to the core; throws to dead-letter it. */
    private void onDecision(DecisionExecutor executor, ConsumerRecord<String, byte[]> r) {
        ScalingDecision d = clients.decision(r);
        if (d == null) {
            throw new RecordRejectedException("record has no value");
        }
        try {
            executor.execute(d);
            counters.executed();
        } catch (DecisionRejectedException e) {
            counters.rejected();
            throw new RecordRejectedException(e.getMessage(), e);
        }
    }

    private void onMetrics(DecisionExecutor executor, ConsumerRecord<String, byte[]> r) {
        if (r.key() != null) {
            executor.metricsArrived(r.key(), () -> clients.metricBatch(r));
        }
    }

    /** Stops the pumps, then closes the producers, waiting up to 5 s each for what they still send. */
    @Override
    public void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {decisionPump, metricsPump, follower, deadLetterPublisher}) {
            if (c != null) {
                c.close();
            }
        }
        for (KafkaProducer<?, ?> p : List.of(events, operatorDecisions, policies, changes, deadLetters)) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
