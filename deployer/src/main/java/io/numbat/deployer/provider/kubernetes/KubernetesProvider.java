package io.numbat.deployer.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.ProviderException;
import io.numbat.deployer.provider.shell.Cookies;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} provider: one pod per node in {@code namespace} (see {@link PodTemplate}), through
 * the fabric8 client on a small worker pool. Erlang families' cookies go into one Secret per family
 * ({@code numbat-cookie-FAMILY}, key {@code cookie}), created or updated before each pod. Stop deletes the
 * pod with the {@code stopTimeout} grace period: Kubernetes sends SIGTERM ({@code init:stop()} for
 * Erlang), then SIGKILL when the grace period ends.
 */
public final class KubernetesProvider implements NodeProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesProvider.class);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KubernetesClient client;
    private final String namespace;
    private final String image;
    private final Duration gracePeriod;
    private final Map<String, FamilyConfig> families;
    private final WorkerExecutor workers;

    public KubernetesProvider(
            String name,
            KubernetesClient client,
            String namespace,
            String image,
            Duration gracePeriod,
            ProviderContext ctx) {
        this.name = name;
        this.client = client;
        this.namespace = namespace;
        this.image = image;
        this.gracePeriod = gracePeriod;
        this.families = ctx.families();
        this.workers = ctx.vertx().createSharedWorkerExecutor("numbat-provider-" + name, 4);
    }

    /** From a {@code kubernetes} provider's configuration: the cluster at {@code masterUrl}, else kubeconfig / in-cluster. */
    public static KubernetesProvider create(ProviderConfig config, ProviderContext ctx) {
        if (config.type() != ProviderType.KUBERNETES) {
            throw new IllegalArgumentException("provider " + config.name() + " is not of type kubernetes");
        }
        String namespace = config.settings().string("namespace").orElseThrow();
        Config k8s = config.settings()
                .string("masterUrl")
                .map(url -> new ConfigBuilder(Config.empty())
                        .withMasterUrl(url)
                        .withNamespace(namespace)
                        .build())
                .orElseGet(() -> Config.autoConfigure(null));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(k8s).build();
        return new KubernetesProvider(
                config.name(),
                client,
                namespace,
                config.settings().string("image").orElseThrow(),
                config.settings().duration("stopTimeout").orElse(DEFAULT_STOP_TIMEOUT),
                ctx);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Void> start(NodeSpec spec) {
        return workers.executeBlocking(
                () -> {
                    createPod(spec);
                    return null;
                },
                false);
    }

    @Override
    public Future<Void> stop(String node) {
        return workers.executeBlocking(
                () -> {
                    deletePod(node);
                    return null;
                },
                false);
    }

    private void createPod(NodeSpec spec) {
        FamilyConfig family = families.get(spec.family());
        if (family == null) {
            throw new ProviderException("provider " + name + ": unknown family " + spec.family() + " for node "
                    + spec.node() + " (known: " + String.join(", ", new TreeMap<>(families).keySet()) + ")");
        }
        if (family.run().erlang()) {
            if (family.cookieFile() == null) {
                throw new ProviderException("family " + family.name() + " runs Erlang nodes but has no cookieFile");
            }
            storeCookie(family);
        }
        // the decision's profile when it carries one (it may ask for more than the family's default)
        FamilyConfig sized = spec.profile() == null ? family : family.withProfile(Profile.from(spec.profile()));
        Pod pod = PodTemplate.pod(spec.node(), sized, image, gracePeriod);
        try {
            client.pods().inNamespace(namespace).resource(pod).create();
        } catch (KubernetesClientException e) {
            throw new ProviderException(
                    where(spec.node()) + ": cannot create pod "
                            + pod.getMetadata().getName() + ": " + e.getMessage(),
                    e);
        }
        LOG.info("{}: pod {} created", where(spec.node()), pod.getMetadata().getName());
    }

    private void storeCookie(FamilyConfig family) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(KubernetesNames.cookieSecret(family.name()))
                .addToLabels(PodTemplate.PART_OF, "numbat")
                .addToLabels(PodTemplate.FAMILY, family.name())
                .endMetadata()
                .addToStringData("cookie", Cookies.read(Path.of(family.cookieFile())))
                .build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update);
        } catch (KubernetesClientException e) {
            throw new ProviderException(
                    "provider " + name + ": cannot store the cookie of family " + family.name() + " in secret "
                            + secret.getMetadata().getName() + " (namespace " + namespace + "): " + e.getMessage(),
                    e);
        }
    }

    private void deletePod(String node) {
        String pod = KubernetesNames.podName(node);
        List<StatusDetails> deleted;
        try {
            deleted = client.pods()
                    .inNamespace(namespace)
                    .withName(pod)
                    .withGracePeriod(gracePeriod.toSeconds())
                    .delete();
        } catch (KubernetesClientException e) {
            throw new ProviderException(where(node) + ": cannot delete pod " + pod + ": " + e.getMessage(), e);
        }
        if (deleted.isEmpty()) {
            throw new ProviderException(where(node) + ": no pod " + pod);
        }
        LOG.info("{}: pod {} deleted (grace period {}s)", where(node), pod, gracePeriod.toSeconds());
    }

    private String where(String node) {
        return "provider " + name + ": node " + node + " in namespace " + namespace;
    }

    @Override
    public void close() {
        workers.close();
        client.close();
    }
}
