package io.numbat.deployer.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.provider.NodeAttacher;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.schemas.CapabilityProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetes provider against fabric8's mock API server in CRUD mode (no real cluster can run here):
 * it checks the objects the provider writes, not that a kubelet would run them.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesProviderTest {
    private static final String NS = "numbat-test";

    static KubernetesClient client;
    /** Held so the level sticks: the mock server logs every request at INFO. */
    private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    @TempDir
    Path dir;

    private Vertx vertx;
    private KubernetesProvider provider;
    private Map<String, FamilyConfig> families;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        Path cookie = Files.writeString(dir.resolve("web.cookie"), "k8s-secret-cookie\n");
        families = Map.of(
                "web",
                        new FamilyConfig(
                                "web",
                                new Profile(2, 1024, null, null, null, Map.of()),
                                new Run.Erl(List.of("-s", "web")),
                                0,
                                10,
                                cookie.toString()),
                "jvm",
                        new FamilyConfig(
                                "jvm",
                                new Profile(1, 512, null, null, null, Map.of()),
                                new Run.Command(List.of("java", "-jar", "/app.jar")),
                                0,
                                10,
                                null));
        provider = new KubernetesProvider(
                "k8s-test",
                client,
                NS,
                "registry.example/web:1",
                Duration.ofSeconds(20),
                new ProviderContext(vertx, Optional.empty(), families, NodeAttacher.NONE));
    }

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void erlangNodeIsAPodLabelledByFamilyWithItsCookieFromASecret() throws Exception {
        await(provider.start(new NodeSpec("web-7", "web", "d1", null)));

        Pod pod = client.pods().inNamespace(NS).withName("web-7").get();
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/part-of", "numbat")
                .containsEntry("numbat.io/family", "web")
                .containsEntry("numbat.io/node", "web-7");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(20L);
        assertThat(pod.getSpec().getHostname()).isEqualTo("web-7");
        Container c = pod.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/web:1");
        assertThat(c.getCommand()).containsExactly("erl", "-sname", "web-7@web-7", "-noinput", "-s", "web");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("2");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("1024Mi");
        // the cookie is a 0400 .erlang.cookie in the node's HOME, mounted from the Secret: on no command line
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("HOME");
            assertThat(e.getValue()).isEqualTo(PodTemplate.COOKIE_HOME);
        });
        assertThat(c.getEnv()).noneSatisfy(e -> assertThat(e.getName()).isEqualTo("ERLANG_COOKIE"));
        assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo(PodTemplate.COOKIE_HOME);
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("numbat-cookie-web");
            assertThat(v.getSecret().getDefaultMode()).isEqualTo(0400);
            assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> {
                assertThat(i.getKey()).isEqualTo("cookie");
                assertThat(i.getPath()).isEqualTo(".erlang.cookie");
            });
        });
        assertThat(pod.toString()).doesNotContain("k8s-secret-cookie");

        Secret secret =
                client.secrets().inNamespace(NS).withName("numbat-cookie-web").get();
        assertThat(cookieOf(secret)).isEqualTo("k8s-secret-cookie");
    }

    @Test
    void withASubdomainEveryPodsHostNameResolvesThroughAHeadlessService() throws Exception {
        KubernetesProvider withDns = new KubernetesProvider(
                "k8s-dns",
                client,
                NS,
                "registry.example/web:1",
                Duration.ofSeconds(20),
                PodDns.of("numbat-nodes", NS, PodDns.DEFAULT_CLUSTER_DOMAIN),
                new ProviderContext(vertx, Optional.empty(), families, NodeAttacher.NONE));
        await(withDns.start(new NodeSpec("web-21", "web", "d7", null)));
        await(withDns.start(new NodeSpec("web-22", "web", "d7", null)));

        Pod pod = client.pods().inNamespace(NS).withName("web-21").get();
        // the Erlang name NODE@POD: POD resolves as POD.numbat-nodes.numbat-test.svc.cluster.local
        assertThat(pod.getSpec().getContainers().get(0).getCommand()).contains("web-21@web-21");
        assertThat(pod.getSpec().getHostname()).isEqualTo("web-21");
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("numbat-nodes");
        assertThat(pod.getSpec().getDnsConfig().getSearches())
                .containsExactly("numbat-nodes.numbat-test.svc.cluster.local");
        Service service =
                client.services().inNamespace(NS).withName("numbat-nodes").get();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(service.getSpec().getSelector()).containsExactly(Map.entry("app.kubernetes.io/part-of", "numbat"));
        assertThat(client.services().inNamespace(NS).list().getItems()).hasSize(1);
        // without a subdomain nothing of the kind
        await(provider.start(new NodeSpec("web-23", "web", "d7", null)));
        Pod plain = client.pods().inNamespace(NS).withName("web-23").get();
        assertThat(plain.getSpec().getSubdomain()).isNull();
        assertThat(plain.getSpec().getDnsConfig()).isNull();
        assertThatThrownBy(() -> PodDns.of("Not_A_Label", NS, "cluster.local"))
                .hasMessageContaining("subdomain must be a DNS label")
                .hasMessageContaining("Not_A_Label");
    }

    @Test
    void commandNodeRunsItsArgvWithoutACookie() throws Exception {
        await(provider.start(new NodeSpec("jvm-1", "jvm", "d2", null)));

        Container c = client.pods()
                .inNamespace(NS)
                .withName("jvm-1")
                .get()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(c.getCommand()).containsExactly("java", "-jar", "/app.jar");
        assertThat(c.getEnv()).extracting(EnvVar::getName).containsExactly("NUMBAT_NODE", "NUMBAT_FAMILY");
    }

    @Test
    void podAsksForTheDecisionsProfileWhenItCarriesOne() throws Exception {
        CapabilityProfile bigger = new Profile(4, 8192, null, null, null, Map.of()).toAvro();

        await(provider.start(new NodeSpec("web-11", "web", "d6", bigger)));

        Container c = client.pods()
                .inNamespace(NS)
                .withName("web-11")
                .get()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("4");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("8192Mi");
    }

    @Test
    void stopDeletesThePod() throws Exception {
        await(provider.start(new NodeSpec("web-8", "web", "d3", null)));
        await(provider.start(new NodeSpec("web-9", "web", "d3", null)));

        await(provider.stop("web-8"));

        assertThat(client.pods()
                        .inNamespace(NS)
                        .withLabel("numbat.io/family", "web")
                        .list()
                        .getItems())
                .extracting(p -> p.getMetadata().getName())
                .contains("web-9")
                .doesNotContain("web-8");
    }

    @Test
    void stoppingANodeWithoutAPodFailsNamingThePodAndNamespace() {
        assertThatThrownBy(() -> await(provider.stop("web-404")))
                .hasMessage("provider k8s-test: node web-404 in namespace numbat-test: no pod web-404");
    }

    @Test
    void startingANodeTwiceFailsNamingThePod() throws Exception {
        await(provider.start(new NodeSpec("web-10", "web", "d4", null)));

        assertThatThrownBy(() -> await(provider.start(new NodeSpec("web-10", "web", "d4", null))))
                .hasMessageStartingWith(
                        "provider k8s-test: node web-10 in namespace numbat-test: cannot create pod web-10");
    }

    @Test
    void unknownFamilyFailsNamingIt() {
        assertThatThrownBy(() -> await(provider.start(new NodeSpec("db-1", "db", "d5", null))))
                .hasMessage("provider k8s-test: unknown family db for node db-1 (known: jvm, web)");
    }

    private static Logger quiet(String name) {
        Logger log = Logger.getLogger(name);
        log.setLevel(Level.WARNING);
        return log;
    }

    private static String cookieOf(Secret s) {
        if (s.getStringData() != null && s.getStringData().containsKey("cookie")) {
            return s.getStringData().get("cookie");
        }
        return new String(Base64.getDecoder().decode(s.getData().get("cookie")), StandardCharsets.UTF_8);
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }
}
