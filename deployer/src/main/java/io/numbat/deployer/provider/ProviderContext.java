package io.numbat.deployer.provider;

import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * What {@link ProviderFactory} may need besides a provider's configuration: the deployer's Vert.x,
 * and the in-process fleet simulator when there is one (the demo); elsewhere a {@code simulated}
 * provider reaches a separate {@code numbat fleet} through its {@code fleetUrl}.
 */
public record ProviderContext(Vertx vertx, Optional<SimulatedNodes> simulated) {
}
