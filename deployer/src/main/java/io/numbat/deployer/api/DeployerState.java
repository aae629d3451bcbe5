package io.numbat.deployer.api;

import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.health.Health;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the REST API reads from and writes to the deployer; the verticle implements it, tests fake it. */
public interface DeployerState {
    /** One node as the deployer knows it. */
    record NodeView(String node, String family, String provider, String state, String decisionId) {}

    /** A configured family's bounds on its node count. */
    record FamilyBounds(int minNodes, int maxNodes) {}

    /** A configured provider: its type (lower case, as in the configuration file) and its capacity. */
    record ProviderView(String type, int maxNodes) {}

    /** Every node the deployer launched, in any state. */
    List<NodeView> nodes();

    /** One node by name, if the deployer knows it. */
    default Optional<NodeView> node(String name) {
        return nodes().stream().filter(n -> n.node().equals(name)).findFirst();
    }

    /** Configured families, by name. */
    Map<String, FamilyBounds> families();

    /**
     * Whether this deployer acts for {@code family} now: it owns the family's partition of the
     * decisions topic in the deployers' consumer group (the others only follow its events).
     */
    default boolean owns(String family) {
        return true;
    }

    /** Configured providers, by name. */
    Map<String, ProviderView> providers();

    /**
     * Publishes an operator decision to the same topic the stream processor writes, without blocking
     * the caller: the future succeeds once the broker acknowledged it, and fails with a
     * {@link DependencyUnavailableException} while the registry or the broker is away.
     */
    Future<Void> submit(ScalingDecision decision);

    /**
     * Publishes an operator's scaling-policy mode for a family to {@code numbat.family-policies}, then its audit
     * record to {@code numbat.operator-changes}, as {@link #submit} publishes decisions: the future succeeds once the
     * broker acknowledged both.
     */
    Future<Void> setPolicy(FamilyPolicy policy);

    /** Liveness and readiness for {@code GET /health}; the verticle's follows its Kafka clients. */
    default Health health() {
        return new Health(true, true, Map.of("deployer", "no Kafka clients to check"));
    }
}
