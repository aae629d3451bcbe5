package io.numbat.deployer.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.Offer;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.config.Settings;
import io.numbat.deployer.provider.kubernetes.KubernetesProvider;
import io.numbat.deployer.provider.local.LocalProvider;
import io.numbat.deployer.provider.ssh.SshProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ProviderFactoryTest {
    private static ProviderConfig simulated(String settings) {
        return DeployerConfig.parse("""
                {"providers": [{"name": "sim-a", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                "maxNodes": 10, "costPerNodeHour": 0%s}],
                 "families": {"web": {"run": {"command": ["x"]}, "maxNodes": 5}}}
                """.formatted(settings)).providers().get(0);
    }

    @Test
    void aSimulatedProviderOutsideTheDemoNeedsAFleetUrl(Vertx vertx) {
        assertThatThrownBy(() -> ProviderFactory.create(simulated(""), new ProviderContext(vertx, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "provider 'sim-a': settings.fleetUrl is required for a simulated provider outside the demo");
    }

    @Test
    void aSimulatedProviderInTheDemoUsesTheFleetInThisJvm(Vertx vertx) throws Exception {
        List<String> started = new CopyOnWriteArrayList<>();
        SimulatedNodes inProcess = new SimulatedNodes() {
            @Override
            public void start(String node, String family) {
                started.add(node + "/" + family);
            }

            @Override
            public boolean stop(String node) {
                return false;
            }
        };
        NodeProvider p = ProviderFactory.create(simulated(""), new ProviderContext(vertx, Optional.of(inProcess)));
        assertThat(p.name()).isEqualTo("sim-a");
        p.start(new NodeSpec("web-1", "web", "d", null))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(started).containsExactly("web-1/web");
    }

    @Test
    void aSimulatedProviderWithAFleetUrlStartsAndStopsNodesOverHttp(Vertx vertx) throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        // answers once the whole request is in, as the fleet's control server does
        HttpServer fleet = vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(body -> {
                    calls.add(req.method() + " " + req.uri());
                    if (req.path().equals("/nodes/start") && "web".equals(req.getParam("family"))) {
                        req.response().end("{\"node\":\"" + req.getParam("node") + "\",\"started\":true}");
                    } else if (req.path().equals("/nodes/start")) {
                        req.response().setStatusCode(400).end("{\"error\":\"unknown family 'db'; known: [web]\"}");
                    } else {
                        req.response().setStatusCode(404).end("{\"error\":\"node web-9 is not running\"}");
                    }
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        NodeProvider p = ProviderFactory.create(
                simulated(", \"settings\": {\"fleetUrl\": \"http://127.0.0.1:" + fleet.actualPort() + "\"}"),
                new ProviderContext(vertx, Optional.empty()));

        // the deployer calls its providers on its verticle's context: so does the test
        Context context = vertx.getOrCreateContext();
        onContext(context, () -> p.start(new NodeSpec("web-1", "web", "d", null)))
                .get(5, TimeUnit.SECONDS);
        assertThat(calls).containsExactly("POST /nodes/start?node=web-1&family=web");
        assertThatThrownBy(() -> onContext(context, () -> p.start(new NodeSpec("db-1", "db", "d", null)))
                        .get(5, TimeUnit.SECONDS))
                .as("calls %s", calls)
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("answered 400: unknown family 'db'");
        assertThatThrownBy(() -> onContext(context, () -> p.stop("web-9")).get(5, TimeUnit.SECONDS))
                .as("calls %s", calls)
                .hasMessageContaining("simulated node web-9 is not running");
    }

    private static <T> CompletableFuture<T> onContext(Context context, Supplier<Future<T>> call) {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> call.get().onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
            } else {
                done.completeExceptionally(ar.cause());
            }
        }));
        return done;
    }

    private static final Offer OFFER = new Offer(1, 512, null, null, null, null, null, Map.of());

    private static ProviderConfig config(String name, ProviderType type, Map<String, Object> settings) {
        return new ProviderConfig(name, type, OFFER, 10, 0, new Settings(settings));
    }

    @Test
    void eachTypeGetsItsProviderUnderItsConfiguredName(Vertx vertx, @TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("id"), "not used before a connection");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        ProviderContext ctx = new ProviderContext(vertx, Optional.empty());

        NodeProvider local =
                ProviderFactory.create(config("here", ProviderType.LOCAL, Map.of("workDir", dir.toString())), ctx);
        NodeProvider ssh = ProviderFactory.create(
                config(
                        "far",
                        ProviderType.SSH,
                        Map.of(
                                "hosts",
                                List.of("h1", "h2"),
                                "user",
                                "numbat",
                                "keyFile",
                                key.toString(),
                                "knownHosts",
                                knownHosts.toString())),
                ctx);
        NodeProvider k8s = ProviderFactory.create(
                config(
                        "cluster",
                        ProviderType.KUBERNETES,
                        Map.of("namespace", "numbat", "image", "web:1", "masterUrl", "https://127.0.0.1:1")),
                ctx);

        assertThat(local)
                .isInstanceOf(LocalProvider.class)
                .extracting(NodeProvider::name)
                .isEqualTo("here");
        assertThat(ssh)
                .isInstanceOf(SshProvider.class)
                .extracting(NodeProvider::name)
                .isEqualTo("far");
        assertThat(((SshProvider) ssh).nodesPerHost()).containsOnlyKeys("h1:22", "h2:22");
        assertThat(k8s)
                .isInstanceOf(KubernetesProvider.class)
                .extracting(NodeProvider::name)
                .isEqualTo("cluster");
        ((AutoCloseable) local).close();
        ((AutoCloseable) ssh).close();
        ((AutoCloseable) k8s).close();
    }
}
