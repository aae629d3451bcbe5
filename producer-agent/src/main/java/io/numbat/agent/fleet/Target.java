package io.numbat.agent.fleet;

import io.numbat.schemas.util.Printable;

/** Which simulated nodes a fault or a recovery applies to: one node, or every node of a family. */
public record Target(String node, String family) {
    public Target {
        if ((node == null) == (family == null)) {
            throw new IllegalArgumentException("give exactly one of a node or a family");
        }
    }

    public static Target node(String node) {
        return new Target(node, null);
    }

    public static Target family(String family) {
        return new Target(null, family);
    }

    boolean matches(SimulatedNode n) {
        return node != null ? node.equals(n.node()) : family.equals(n.family());
    }

    /** {@code node NAME} or {@code family NAME}, control characters escaped: it goes into log lines. */
    @Override
    public String toString() {
        return node != null ? "node " + Printable.escape(node) : "family " + Printable.escape(family);
    }
}
