package io.numbat.platform.cli;

import io.numbat.agent.erlang.JInterface;
import io.numbat.deployer.DeployerVerticle;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.provider.NodeAttacher;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.ProviderFactory;
import io.numbat.platform.PlatformException;
import io.numbat.platform.demo.ErlangAgentAttacher;
import io.numbat.platform.metrics.ComponentMetrics;
import io.numbat.platform.metrics.DeployerMeters;
import io.numbat.schemas.config.ConfigException;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code numbat deployer}: the deployer on its own, with the providers and families of a configuration file. */
@Command(
        name = "deployer",
        mixinStandardHelpOptions = true,
        description =
                "Run the deployer: carry out scaling decisions through the configured providers, publish node states "
                        + "to numbat.deployments; print deployer=URL (its REST API), then 'numbat ready'; run until Ctrl-C.")
final class DeployerCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    EmbeddedOptions embedded;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            required = true,
            description = "Providers and node families (JSON; see docs/deployer.md, Deployer configuration).")
    Path config;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "0",
            converter = PortConverter.class,
            description = "Port of the REST API on 127.0.0.1, which also serves GET /health and GET /metrics "
                    + "(Prometheus) (0 picks a free one; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address of the REST API (default ${DEFAULT-VALUE}); anything but loopback needs --token.")
    String httpHost;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:NUMBAT_DEPLOYER_TOKEN}",
            description = "Bearer token for the REST API's actions, and for every request off loopback "
                    + "(env NUMBAT_DEPLOYER_TOKEN). Visible in ps: prefer the environment or --token-file.")
    String token;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            defaultValue = "${env:NUMBAT_DEPLOYER_TOKEN_FILE}",
            description = "File whose first line is the --token (env NUMBAT_DEPLOYER_TOKEN_FILE).")
    Path tokenFile;

    @Override
    public Integer call() throws Exception {
        DeployerConfig deployerConfig;
        try {
            deployerConfig = DeployerConfig.load(config);
        } catch (ConfigException | UncheckedIOException e) {
            throw new PlatformException(e.getMessage());
        }
        Optional<String> apiToken =
                SecretOption.resolve(token, tokenFile, "--token (or NUMBAT_DEPLOYER_TOKEN)", "--token-file");
        if (apiToken.isEmpty()
                && !httpHost.equals("127.0.0.1")
                && !httpHost.equals("localhost")
                && !httpHost.equals("::1")) {
            throw new PlatformException("--http-host " + httpHost
                    + " is not loopback: --token, NUMBAT_DEPLOYER_TOKEN or --token-file is required");
        }
        Vertx vertx = Vertx.vertx();
        Map<String, NodeProvider> providers = new LinkedHashMap<>();
        // Erlang nodes that local/ssh providers launch get an Erlang agent once the cluster is known
        AtomicReference<NodeAttacher> agents = new AtomicReference<>(NodeAttacher.NONE);
        NodeAttacher attacher = new NodeAttacher() {
            @Override
            public void attached(String node, String family, String fullNodeName, Path cookieFile) {
                agents.get().attached(node, family, fullNodeName, cookieFile);
            }

            @Override
            public void detached(String node) {
                agents.get().detached(node);
            }
        };
        try {
            for (ProviderConfig p :
                    deployerConfig.providers()) { // before anything else starts: a bad provider names its key
                providers.put(
                        p.name(),
                        ProviderFactory.create(
                                p, new ProviderContext(vertx, Optional.empty(), deployerConfig.families(), attacher)));
            }
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        return Running.serve(closer -> {
            closer.add(() ->
                    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
            ClusterSession session = ClusterSession.open(cluster, embedded, closer, System.out, "deployer");
            if (JInterface.unavailableReason().isEmpty()) {
                agents.set(closer.add(new ErlangAgentAttacher(
                        session.connection(),
                        session.registry(),
                        session.dataDir().path().resolve("deployed-spool"),
                        Duration.ofSeconds(10))));
            }
            ComponentMetrics metrics = closer.add(new ComponentMetrics());
            DeployerVerticle deployer = new DeployerVerticle(
                            session.connection(), session.registry(), deployerConfig, providers, httpPort)
                    .withHttp(httpHost, apiToken)
                    .withMetrics(metrics::scrape);
            DeployerMeters.bindCounters(metrics, deployer);
            try {
                vertx.deployVerticle(deployer)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(120, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new PlatformException(
                        "deployer failed to start: " + (e.getCause() == null ? e : e.getCause()).getMessage());
            }
            DeployerMeters.bindKafka(metrics, deployer);
            System.out.println("deployer=http://" + (httpHost.equals("0.0.0.0") ? "127.0.0.1" : httpHost) + ":"
                    + deployer.httpPort() + "/api");
        });
    }
}
