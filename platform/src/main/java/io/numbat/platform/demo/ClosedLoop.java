package io.numbat.platform.demo;

import io.numbat.agent.fleet.FleetControlServer;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.deployer.DeployerVerticle;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.ProviderFactory;
import io.numbat.deployer.provider.SimulatedNodes;
import io.numbat.deployer.provider.shell.ShellNodeProvider;
import io.numbat.platform.ErlangParentWatch;
import io.numbat.platform.PlatformException;
import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.processor.config.LiveRules;
import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbat's loop on one machine: a simulated fleet publishes metrics, the stream processor turns
 * them into trends and scaling decisions, and the deployer launches new simulated nodes whose
 * metrics then arrive. Closing stops the fleet first, then launching (no node is launched once
 * closing has begun), the deployer and the nodes it launched (in parallel), then the processor.
 */
public final class ClosedLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClosedLoop.class);
    /** How long closing waits for the launches under way (an erl node starts in a second or two). */
    private static final Duration SHUT_TIMEOUT = Duration.ofSeconds(30);
    /** How long closing waits for the launched nodes to stop (a node's stop time-out is 10 s). */
    private static final Duration NODES_STOP_TIMEOUT = Duration.ofSeconds(40);

    private final MetricPublisher publisher;
    private final SimulatedFleet fleet;
    private final StreamProcessorApp processor;
    private final Vertx vertx;
    private FleetControlServer control;
    private int deployerPort = -1;
    private ErlangAgentAttacher attacher;
    private final List<NodeProvider> providers = new ArrayList<>();
    private final List<LaunchGate> gates = new ArrayList<>();
    private String deployment;

    private ClosedLoop(MetricPublisher publisher, SimulatedFleet fleet, StreamProcessorApp processor, Vertx vertx) {
        this.publisher = publisher;
        this.fleet = fleet;
        this.processor = processor;
        this.vertx = vertx;
    }

    public static ProcessorSettings processorSettings(DemoSettings demo, Path stateDir) {
        return ProcessorSettings.defaults(stateDir)
                .withTrendWindow(demo.trendWindow(), demo.interval())
                .withScaling(new ScalingPolicy(0.7, 0.75, 0.35, demo.cooldown(), Duration.ofMinutes(2), 1, 50, 2));
    }

    /** Starts the loop; the processor's state and the fleet's spool live under {@code dataDir}. */
    public static ClosedLoop start(
            ClusterConnection cluster, SchemaRegistryClient registry, DemoSettings demo, Path dataDir)
            throws InterruptedException {
        return start(cluster, registry, demo, dataDir, false);
    }

    /**
     * As above; with {@code localErlang} the deployer also has a {@code local} provider that runs
     * family {@code beam} as real {@code erl} nodes on this machine (cookie and node files under
     * {@code dataDir}), each watched by the Erlang collector as soon as it is up.
     */
    public static ClosedLoop start(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            DemoSettings demo,
            Path dataDir,
            boolean localErlang)
            throws InterruptedException {
        return start(cluster, registry, demo, dataDir, localErlang, null);
    }

    /**
     * As above, with the stream processor's rules per family from {@code familyRules} (the demo's {@code --config},
     * laid over {@link #processorSettings}'s policy and thresholds), or its own policy for every family when null.
     */
    public static ClosedLoop start(
            ClusterConnection cluster,
            SchemaRegistryClient registry,
            DemoSettings demo,
            Path dataDir,
            boolean localErlang,
            LiveRules familyRules)
            throws InterruptedException {
        Path stateDir = dataDir.resolve("streams");
        MetricPublisher publisher = new MetricPublisher(
                cluster,
                registry,
                "fleet-agent@sim",
                SpoolSettings.defaults(dataDir.resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        SimulatedFleet fleet =
                new SimulatedFleet(demo.families(), publisher, demo.interval(), demo.seed(), Clock.systemUTC());
        ProcessorSettings processorSettings = processorSettings(demo, stateDir);
        if (familyRules != null) {
            processorSettings = processorSettings.withFamilyRules(familyRules);
        }
        StreamProcessorApp processor = new StreamProcessorApp(cluster, registry, processorSettings);
        Vertx vertx = Vertx.vertx();
        ClosedLoop loop = new ClosedLoop(publisher, fleet, processor, vertx);
        try {
            processor.start();
            SimulatedNodes nodes = new SimulatedNodes() {
                @Override
                public void start(String node, String family) {
                    fleet.startNode(node, family);
                }

                @Override
                public boolean stop(String node) {
                    return fleet.stopNode(node);
                }
            };
            DeployerConfig deployerConfig = localErlang ? localDeployerConfig(dataDir) : demoDeployerConfig();
            if (localErlang) {
                loop.attacher =
                        new ErlangAgentAttacher(cluster, registry, dataDir.resolve("deployed-spool"), demo.interval());
            }
            ProviderContext context = new ProviderContext(
                    vertx,
                    Optional.of(nodes),
                    deployerConfig.families(),
                    loop.attacher); // the fleet is in this JVM: no fleetUrl needed
            for (var p : deployerConfig.providers()) {
                loop.providers.add(ProviderFactory.create(p, context));
            }
            Map<String, NodeProvider> providers = new LinkedHashMap<>();
            loop.providers.forEach(p -> {
                LaunchGate gate = new LaunchGate(p);
                loop.gates.add(gate);
                providers.put(p.name(), gate);
            });
            DeployerVerticle deployer = new DeployerVerticle(cluster, registry, deployerConfig, providers, 0);
            loop.deployment = vertx.deployVerticle(deployer)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            if (!processor.awaitRunning(Duration.ofSeconds(90))) {
                throw new PlatformException(
                        "stream processor did not reach RUNNING within 90 s (state " + processor.state() + ")");
            }
            LOG.info(
                    "deployer REST API at http://127.0.0.1:{}/api (families, providers, nodes; POST "
                            + "/api/families/web/deploy {{\"count\": 2}})",
                    deployer.httpPort());
            loop.deployerPort = deployer.httpPort();
            fleet.start();
            loop.control = new FleetControlServer(fleet, demo.fleetPort())
                    .withHealth(() -> publisher.publisherHealth(
                            Duration.ofSeconds(Math.max(60, 3 * demo.interval().toSeconds()))));
            LOG.info(
                    "fleet control at {} (numbat fault --fleet {} --fault process_leak --family web)",
                    loop.control.url(),
                    loop.control.url());
            return loop;
        } catch (ExecutionException | TimeoutException e) {
            loop.close();
            throw new PlatformException("deployer failed to start: " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            loop.close();
            throw e;
        }
    }

    /**
     * The demo's configuration with a {@code local} provider for family {@code beam}, whose {@code erl}
     * nodes end with this JVM even when it is killed ({@link ErlangParentWatch}).
     */
    static DeployerConfig localDeployerConfig(Path dataDir) {
        try (var in = ClosedLoop.class.getResourceAsStream("/demo-deployer-local.json")) {
            Path cookie = dataDir.resolve("beam.cookie");
            if (!Files.exists(cookie)) {
                Files.writeString(cookie, "numbat-demo-" + UUID.randomUUID());
                Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("rw-------"));
            }
            Path workDir = Files.createDirectories(dataDir.resolve("nodes"));
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${cookieFile}", cookie.toString())
                    .replace("${workDir}", workDir.toString())
                    .replace("\"${erlArgs}\"", jsonArray(ErlangParentWatch.erlArgs()));
            return DeployerConfig.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code args} as a JSON array of strings. */
    private static String jsonArray(List<String> args) {
        return args.stream()
                .map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The deployer's configuration for the demo: one simulated provider, families web and db. */
    static DeployerConfig demoDeployerConfig() {
        try (var in = ClosedLoop.class.getResourceAsStream("/demo-deployer.json")) {
            return DeployerConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stream processor's health (its Streams state). */
    public Health processorHealth() {
        return processor.health();
    }

    public SimulatedFleet fleet() {
        return fleet;
    }

    /** The deployer's REST API ({@code http://127.0.0.1:PORT}), e.g. for the console's scale form. */
    public URI deployerUrl() {
        return URI.create("http://127.0.0.1:" + deployerPort);
    }

    /** The fleet's control endpoint, for injecting faults. */
    /** Completes with the cause if the loop's stream processor fails (see {@link StreamProcessorApp#failure}). */
    public CompletableFuture<Throwable> processorFailure() {
        return processor.failure();
    }

    public String fleetControlUrl() {
        return control.url();
    }

    /**
     * The deployer launches nothing more from now on (its providers refuse); launches under way go on.
     * Closing calls it too; a command calls it first thing when it stops.
     */
    public void stopLaunching() {
        gates.forEach(LaunchGate::shut);
    }

    /** Launches nothing more, and waits for the launches under way (so their nodes can be stopped). */
    private void shutLaunches() throws InterruptedException {
        for (LaunchGate gate : gates) {
            if (!gate.awaitStarts(SHUT_TIMEOUT)) {
                LOG.warn(
                        "provider {}: launches still under way after {} s; stopping anyway",
                        gate.name(),
                        SHUT_TIMEOUT.toSeconds());
            }
        }
    }

    /** Undeploys the deployer: no more decisions, no REST API. */
    private void stopDeployer() throws InterruptedException {
        if (deployment == null) {
            return;
        }
        try {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the deployer did not stop cleanly: {}", e.toString());
        }
    }

    /**
     * The demo's {@code erl} nodes end with it (a deployer outside the demo leaves its nodes running):
     * stopped all at once, as many at a time as the provider's worker pool allows.
     */
    private void stopLaunchedErlangNodes() throws InterruptedException {
        Map<String, CompletableFuture<?>> stops = new LinkedHashMap<>();
        for (NodeProvider p : providers) {
            if (p instanceof ShellNodeProvider shell) {
                for (String node : shell.launchedNodes()) {
                    stops.put(node, shell.stopNode(node).toCompletionStage().toCompletableFuture());
                }
            }
        }
        long deadline = System.nanoTime() + NODES_STOP_TIMEOUT.toNanos();
        for (Map.Entry<String, CompletableFuture<?>> stop : stops.entrySet()) {
            try {
                stop.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn(
                        "could not stop {}: {}",
                        stop.getKey(),
                        e.getCause() == null ? e.toString() : e.getCause().getMessage());
            }
        }
        for (NodeProvider p : providers) {
            if (p instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("could not close provider {}: {}", p.name(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        fleet.close();
        try {
            shutLaunches();
            stopDeployer();
            stopLaunchedErlangNodes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (attacher != null) {
            attacher.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // best effort: the JVM is going away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processor.close();
        publisher.close();
    }
}
