package io.numbat.deployer.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.deployer.config.Offer;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.config.Settings;
import io.numbat.deployer.provider.kubernetes.KubernetesProvider;
import io.numbat.deployer.provider.local.LocalProvider;
import io.numbat.deployer.provider.ssh.SshProvider;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderFactoryTest {
    private static final Offer OFFER = new Offer(1, 512, null, null, null, null, null, Map.of());
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    private static ProviderConfig config(String name, ProviderType type, Map<String, Object> settings) {
        return new ProviderConfig(name, type, OFFER, 10, 0, new Settings(settings));
    }

    @Test
    void simulatedProviderNeedsTheFleetSimulator() {
        ProviderConfig sim = config("sim", ProviderType.SIMULATED, Map.of());

        assertThatThrownBy(() -> ProviderFactory.create(sim, new ProviderContext(vertx, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider sim is simulated but no fleet simulator runs here");
        SimulatedNodes fleet = new SimulatedNodes() {
            @Override
            public void start(String node, String family) {
            }

            @Override
            public boolean stop(String node) {
                return true;
            }
        };
        assertThat(ProviderFactory.create(sim, new ProviderContext(vertx, Optional.of(fleet))))
                .isInstanceOf(SimulatedProvider.class);
    }

    @Test
    void eachTypeGetsItsProviderUnderItsConfiguredName() throws Exception {
        Path key = Files.writeString(dir.resolve("id"), "not used before a connection");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        ProviderContext ctx = new ProviderContext(vertx, Optional.empty());

        NodeProvider local = ProviderFactory.create(config("here", ProviderType.LOCAL,
                Map.of("workDir", dir.toString())), ctx);
        NodeProvider ssh = ProviderFactory.create(config("far", ProviderType.SSH, Map.of("hosts", List.of("h1", "h2"),
                "user", "numbat", "keyFile", key.toString(), "knownHosts", knownHosts.toString())), ctx);
        NodeProvider k8s = ProviderFactory.create(config("cluster", ProviderType.KUBERNETES, Map.of("namespace", "numbat",
                "image", "web:1", "masterUrl", "https://127.0.0.1:1")), ctx);

        assertThat(local).isInstanceOf(LocalProvider.class).extracting(NodeProvider::name).isEqualTo("here");
        assertThat(ssh).isInstanceOf(SshProvider.class).extracting(NodeProvider::name).isEqualTo("far");
        assertThat(((SshProvider) ssh).nodesPerHost()).containsOnlyKeys("h1:22", "h2:22");
        assertThat(k8s).isInstanceOf(KubernetesProvider.class).extracting(NodeProvider::name).isEqualTo("cluster");
        ((AutoCloseable) local).close();
        ((AutoCloseable) ssh).close();
        ((AutoCloseable) k8s).close();
    }

    @Test
    void sshProviderWithAMissingKeyFileFailsNamingTheSettingAndFile() {
        Path missing = dir.resolve("no-such-key");

        assertThatThrownBy(() -> ProviderFactory.create(config("far", ProviderType.SSH, Map.of("hosts", List.of("h1"),
                "user", "numbat", "keyFile", missing.toString())), new ProviderContext(vertx, Optional.empty())))
                .isInstanceOf(ProviderException.class)
                .hasMessage("provider far: settings.keyFile " + missing + " is not a readable file");
    }
}
