package io.numbat.deployer.provider.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod for one node: one container running {@code image}, labelled with the family and node, asking
 * for the family's cores and memory. What it runs follows the family's {@link Run}:
 * {@code erl -sname NODE@POD -noinput ARGS} with {@code HOME} on the family's cookie Secret, mounted
 * read-only as {@code .erlang.cookie} (mode 0400), so the cookie is on no command line in the pod;
 * {@code SCRIPT foreground} (with {@code RELX_NODE_NAME} and {@code RELX_COOKIE} from the Secret); or
 * the command as written. The cookie never appears in the pod spec. The pod's host name is its name, so the Erlang node name is
 * {@code NODE@POD}. {@code restartPolicy: Never}: a node that dies stays dead and the deployer decides.
 */
public final class PodTemplate {
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String FAMILY = "numbat.io/family";
    public static final String NODE = "numbat.io/node";
    private static final String COOKIE_ENV = "ERLANG_COOKIE";
    /** Where an Erlang node's cookie Secret is mounted; the node's HOME, so erl finds .erlang.cookie there. */
    static final String COOKIE_HOME = "/var/run/numbat/erlang";

    private static final int OWNER_READ_ONLY = 0400;

    private PodTemplate() {}

    public static Pod pod(String node, FamilyConfig family, String image, Duration gracePeriod) {
        return pod(node, family, image, gracePeriod, null);
    }

    /**
     * As above; with {@code dns}, the pod is in the headless Service's subdomain (so {@code POD.SUBDOMAIN.NAMESPACE.svc}
     * resolves to it) and searches that domain, so the bare host name of every such pod, the host part of its
     * Erlang name {@code NODE@POD}, resolves in it as in any pod that searches the same domain.
     */
    public static Pod pod(String node, FamilyConfig family, String image, Duration gracePeriod, PodDns dns) {
        String pod = KubernetesNames.podName(node);
        Run run = family.run();
        List<EnvVar> env = new ArrayList<>(List.of(env("NUMBAT_NODE", node), env("NUMBAT_FAMILY", family.name())));
        List<String> command = new ArrayList<>();
        boolean cookieFile = run instanceof Run.Erl;
        if (cookieFile) {
            env.add(env("HOME", COOKIE_HOME));
        } else if (run.erlang()) {
            env.add(new EnvVarBuilder()
                    .withName(COOKIE_ENV)
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName(KubernetesNames.cookieSecret(family.name()))
                    .withKey("cookie")
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build());
        }
        if (run instanceof Run.Erl e) {
            command.addAll(List.of("erl", "-sname", node + "@" + pod, "-noinput"));
            command.addAll(e.args());
        } else if (run instanceof Run.Release r) {
            command.addAll(List.of(r.startScript(), "foreground"));
            env.add(env("RELX_NODE_NAME", node + "@" + pod));
            env.add(env("RELX_COOKIE", "$(" + COOKIE_ENV + ")"));
        } else {
            command.addAll(((Run.Command) run).argv());
        }
        Map<String, Quantity> requests = Map.of(
                "cpu",
                new Quantity(Integer.toString(family.profile().cores())),
                "memory",
                new Quantity(family.profile().memoryMb() + "Mi"));
        PodBuilder builder = new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .addToLabels(PART_OF, "numbat")
                .addToLabels(FAMILY, family.name())
                .addToLabels(NODE, pod)
                .addToAnnotations("numbat.io/node-name", node)
                .endMetadata()
                .withNewSpec()
                .withHostname(pod)
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(Math.max(1, gracePeriod.toSeconds()))
                .addNewContainer()
                .withName("node")
                .withImage(image)
                .withCommand(command)
                .withEnv(env)
                .withNewResources()
                .withRequests(requests)
                .endResources()
                .endContainer()
                .endSpec();
        if (dns != null) {
            builder.editSpec()
                    .withSubdomain(dns.subdomain())
                    .withNewDnsConfig()
                    .addToSearches(dns.search())
                    .endDnsConfig()
                    .endSpec();
        }
        if (cookieFile) {
            builder.editSpec()
                    .addNewVolume()
                    .withName("erlang-cookie")
                    .withNewSecret()
                    .withSecretName(KubernetesNames.cookieSecret(family.name()))
                    .withDefaultMode(OWNER_READ_ONLY)
                    .addNewItem()
                    .withKey("cookie")
                    .withPath(".erlang.cookie")
                    .endItem()
                    .endSecret()
                    .endVolume()
                    .editFirstContainer()
                    .addNewVolumeMount()
                    .withName("erlang-cookie")
                    .withMountPath(COOKIE_HOME)
                    .withReadOnly(true)
                    .endVolumeMount()
                    .endContainer()
                    .endSpec();
        }
        return builder.build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
