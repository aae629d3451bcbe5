package io.numbat.deployer.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
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
 * Erlang), then SIGKILL when the grace period ends. With {@code subdomain}, every pod is in that headless
 * Service's subdomain (created if missing, selecting Numbat's pods), so its host name, and with it its Erlang name
 * {@code NODE@POD}, resolves for an agent that watches the cluster through discovery ({@link PodDns}).
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
    private final PodDns dns;
    private volatile boolean serviceChecked;

    public KubernetesProvider(
            String name,
            KubernetesClient client,
            String namespace,
            String image,
            Duration gracePeriod,
            ProviderContext ctx) {
        this(name, client, namespace, image, gracePeriod, null, ctx);
    }

    /** As above; {@code dns} (or null) puts the pods in a headless Service's subdomain. */
    public KubernetesProvider(
            String name,
            KubernetesClient client,
            String namespace,
            String image,
            Duration gracePeriod,
            PodDns dns,
            ProviderContext ctx) {
        this.dns = dns;
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
        PodDns dns;
        try {
            dns = config.settings()
                    .string("subdomain")
                    .map(sub -> PodDns.of(
                            sub,
                            namespace,
                            config.settings().string("clusterDomain").orElse(PodDns.DEFAULT_CLUSTER_DOMAIN)))
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            throw new ProviderException("provider " + config.name() + ": settings." + e.getMessage(), e);
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(k8s).build();
        return new KubernetesProvider(
                config.name(),
                client,
                namespace,
                config.settings().string("image").orElseThrow(),
                config.settings().duration("stopTimeout").orElse(DEFAULT_STOP_TIMEOUT),
                dns,
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
        if (dns != null) {
            ensureService();
        }
        Pod pod = PodTemplate.pod(spec.node(), sized, image, gracePeriod, dns);
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

    /**
     * The headless Service whose name is the pods' subdomain: created when missing (no cluster IP, selecting every
     * pod Numbat launched, their addresses published before they are ready, as Erlang nodes are reachable as soon
     * as they run); one that exists is left as it is, the operator's.
     */
    private void ensureService() {
        if (serviceChecked) {
            return;
        }
        try {
            if (client.services()
                            .inNamespace(namespace)
                            .withName(dns.subdomain())
                            .get()
                    == null) {
                Service service = new ServiceBuilder()
                        .withNewMetadata()
                        .withName(dns.subdomain())
                        .addToLabels(PodTemplate.PART_OF, "numbat")
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("None")
                        .withPublishNotReadyAddresses(true)
                        .addToSelector(PodTemplate.PART_OF, "numbat")
                        .endSpec()
                        .build();
                client.services().inNamespace(namespace).resource(service).create();
                LOG.info("provider {}: headless service {} created in namespace {}", name, dns.subdomain(), namespace);
            }
            serviceChecked = true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) { // created meanwhile by another start
                serviceChecked = true;
                return;
            }
            throw new ProviderException(
                    "provider " + name + ": cannot create the headless service " + dns.subdomain() + " (namespace "
                            + namespace + "): " + e.getMessage(),
                    e);
        }
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
