package io.numbat.deployer.provider;

import io.numbat.deployer.config.FamilyConfig;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What providers need from their surroundings: Vert.x (for worker threads), the fleet simulator (only
 * the {@code simulated} provider), the node families (what to run, which cookie) and who attaches an
 * agent to a launched Erlang node.
 */
public record ProviderContext(
        Vertx vertx, Optional<SimulatedNodes> simulated, Map<String, FamilyConfig> families, NodeAttacher attacher) {

    public ProviderContext {
        Objects.requireNonNull(vertx, "vertx");
        simulated = simulated == null ? Optional.empty() : simulated;
        families = families == null ? Map.of() : Map.copyOf(families);
        attacher = attacher == null ? NodeAttacher.NONE : attacher;
    }

    /** Without families or attacher: enough for the {@code simulated} provider. */
    public ProviderContext(Vertx vertx, Optional<SimulatedNodes> simulated) {
        this(vertx, simulated, Map.of(), NodeAttacher.NONE);
    }
}
