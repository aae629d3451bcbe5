package io.numbat.deployer.provider.kubernetes;

/**
 * How a launched pod's host name resolves: the pod is in {@code subdomain}, a headless Service of the namespace,
 * so Kubernetes' DNS answers {@code POD.SUBDOMAIN.NAMESPACE.svc.CLUSTER_DOMAIN}; {@code search} is that domain,
 * added to the pod's search list so the bare {@code POD} resolves too.
 */
public record PodDns(String subdomain, String search) {
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    /** For {@code subdomain} in {@code namespace}; refuses a subdomain that is not a DNS label. */
    public static PodDns of(String subdomain, String namespace, String clusterDomain) {
        if (!KubernetesNames.isDnsLabel(subdomain)) {
            throw new IllegalArgumentException("subdomain must be a DNS label (lower-case letters, digits and '-', "
                    + "at most 63), was '" + subdomain + "'");
        }
        return new PodDns(subdomain, subdomain + "." + namespace + ".svc." + clusterDomain);
    }
}
