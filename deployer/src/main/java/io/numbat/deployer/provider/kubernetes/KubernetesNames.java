package io.numbat.deployer.provider.kubernetes;

import java.util.Locale;

/**
 * Kubernetes names for Numbat nodes: a pod name is the node name when it already is a DNS label
 * ({@code web-7} stays {@code web-7}); otherwise it is lower-cased, other characters become {@code -},
 * and a short hash of the original keeps two such names apart ({@code Web_7} becomes {@code web-7-1a2b3c}).
 */
public final class KubernetesNames {
    private static final int MAX = 63;

    private KubernetesNames() {}

    /** Whether {@code name} is a DNS label (RFC 1123): lower-case letters, digits and '-', at most 63. */
    public static boolean isDnsLabel(String name) {
        return name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    }

    public static String podName(String node) {
        if (isDnsLabel(node)) {
            return node;
        }
        String hash = String.format("%06x", node.hashCode() & 0xffffff);
        String base =
                node.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        base = base.substring(0, Math.min(base.length(), MAX - hash.length() - 1))
                .replaceAll("-+$", "");
        return base.isEmpty() ? "n-" + hash : base + "-" + hash;
    }

    /** The name of the Secret that holds family {@code family}'s Erlang cookie (key {@code cookie}). */
    public static String cookieSecret(String family) {
        return podName("numbat-cookie-" + family);
    }
}
