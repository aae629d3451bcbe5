package io.numbat.deployer.provider;

import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.fleet.HttpFleetNodes;

/**
 * Builds the {@link NodeProvider} a provider's configuration describes. This minimal version
 * builds {@code simulated} providers only (the local, ssh and kubernetes providers come with
 * their implementations).
 */
public final class ProviderFactory {
    private ProviderFactory() {
    }

    /**
     * @throws IllegalArgumentException naming the provider and the key when it cannot be built
     *     (a simulated provider without {@code settings.fleetUrl} outside the demo; a type not built yet)
     */
    public static NodeProvider create(ProviderConfig config, ProviderContext ctx) {
        if (config.type() != ProviderType.SIMULATED) {
            throw new IllegalArgumentException("provider '" + config.name() + "': type " + config.type().configName()
                    + " has no implementation in this deployer yet");
        }
        var url = config.settings().string("fleetUrl");
        if (url.isPresent()) {
            return new SimulatedProvider(config.name(), new HttpFleetNodes(ctx.vertx(), url.get()));
        }
        return new SimulatedProvider(config.name(), ctx.simulated().orElseThrow(() -> new IllegalArgumentException(
                "provider '" + config.name() + "': settings.fleetUrl is required for a simulated provider outside the demo "
                        + "(the fleet=URL that 'numbat fleet' prints)")));
    }
}
