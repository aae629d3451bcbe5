package io.numbat.deployer;

import io.numbat.deployer.api.DeployerApi;
import io.numbat.deployer.api.DeployerState;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.execute.DecisionExecutor;
import io.numbat.deployer.kafka.DeployerCounters;
import io.numbat.deployer.kafka.DeployerKafka;
import io.numbat.deployer.launch.VertxScheduler;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.state.DeploymentTracker;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deployer: its plain-Java core, the {@link DecisionExecutor}, fed by its Kafka side,
 * {@link DeployerKafka} (the decisions and metrics it reads, the events it publishes, the
 * {@code numbat.deployments} it restores the {@link DeploymentTracker} from and follows), and the REST
 * API ({@link DeployerView}); start, stop and health.
 */
public final class DeployerVerticle extends VerticleBase {
    /** Names this component in dead letters. */
    public static final String COMPONENT = "deployer";

    private static final Logger LOG = LoggerFactory.getLogger(DeployerVerticle.class);

    private final ClusterConnection cluster;
    private final SchemaRegistryClient registry;
    private final Map<String, NodeProvider> providers;
    private final DeployerConfig config;
    private final DeploymentTracker tracker = new DeploymentTracker();
    private final DeployerCounters counters = new DeployerCounters();
    private Supplier<String> metrics;
    private final int httpPort;
    private String httpHost = "127.0.0.1";
    private Optional<String> httpToken = Optional.empty();
    private HttpServer http;
    private DeployerView view;
    private volatile DeployerKafka kafka;

    /**
     * @param providers an implementation for every provider of {@code config}, by provider name
     * @throws IllegalArgumentException naming a configured provider that has no implementation
     */
    public DeployerVerticle(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            DeployerConfig config,
            Map<String, NodeProvider> providers) {
        this(cluster, registry, config, providers, -1);
    }

    /**
     * @param httpPort port of the REST API on 127.0.0.1 (0 picks a free one, -1 serves none)
     */
    public DeployerVerticle(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            DeployerConfig config,
            Map<String, NodeProvider> providers,
            int httpPort) {
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
                    DeployerKafka k =
                            new DeployerKafka(cluster, registry, context, deploymentID(), COMPONENT, counters);
                    kafka = k;
                    DecisionExecutor executor = new DecisionExecutor(
                            config,
                            providers,
                            tracker,
                            new VertxScheduler(context),
                            Clock.systemUTC(),
                            this::owns,
                            k::publish,
                            k.operatorDecisions()::forward);
                    view = new DeployerView(
                            config,
                            tracker,
                            this::owns,
                            k.operatorDecisions(),
                            k.policies(),
                            k.changes(),
                            this::health);
                    k.start(executor, tracker, providers.keySet());
                    LOG.info("deployer started with providers {}", providers.keySet());
                    return null;
                })
                .compose(v -> httpPort < 0
                        ? Future.succeededFuture()
                        : new DeployerApi(view, httpToken, isLoopback(httpHost))
                                .withMetrics(metrics)
                                .server(vertx)
                                .listen(httpPort, httpHost)
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
            throw new IllegalArgumentException(
                    "the deployer's REST API bound to " + host + " (not loopback) requires a token");
        }
        this.httpHost = host;
        this.httpToken = token;
        return this;
    }

    /**
     * Serves {@code GET /metrics} on the REST API with the Prometheus text {@code scrape} returns (called on this
     * verticle's context, where {@link #nodes} may be read). Call before deploying the verticle.
     */
    public DeployerVerticle withMetrics(Supplier<String> scrape) {
        this.metrics = scrape;
        return this;
    }

    /** What it has done since start: decisions, events by state, dead letters. Any thread. */
    public DeployerCounters counters() {
        return counters;
    }

    /** Every node it knows, with its state; empty before it started. Read on this verticle's context. */
    public List<DeployerState.NodeView> nodes() {
        DeployerView v = view;
        return v == null ? List.of() : v.nodes();
    }

    /** Its Kafka producers, once started (for their client metrics). */
    public List<Producer<?, ?>> producers() {
        DeployerKafka k = kafka;
        return k == null ? List.of() : k.producers();
    }

    /** Its Kafka consumers, once started (for their client metrics). */
    public List<Consumer<?, ?>> consumers() {
        DeployerKafka k = kafka;
        return k == null ? List.of() : k.consumers();
    }

    private static boolean isLoopback(String host) {
        try {
            return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** As {@link DeployerKafka#health()} says; not ready while it starts. Any thread. */
    public Health health() {
        DeployerKafka k = kafka;
        return k == null ? DeployerKafka.STARTING : k.health();
    }

    /** The REST API's port, or -1 when it is not served. */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** Whether this deployer acts for {@code family} now: it owns the family's decision partition. */
    public boolean owns(String family) {
        DeployerKafka k = kafka;
        return k != null && k.owns(family);
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            DeployerKafka k = kafka;
            if (k != null) {
                k.close();
            }
            return null;
        });
    }
}
