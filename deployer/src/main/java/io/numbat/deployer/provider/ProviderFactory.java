package io.numbat.deployer.provider;

import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.provider.kubernetes.KubernetesProvider;
import io.numbat.deployer.provider.local.LocalProvider;
import io.numbat.deployer.provider.ssh.SshProvider;

/** Builds the {@link NodeProvider} a provider's configuration describes, by its type. */
public final class ProviderFactory {
    private ProviderFactory() {}

    /**
     * @throws IllegalArgumentException naming the provider and the key when it cannot be built (a
     *                                  simulated provider without {@code settings.fleetUrl} outside the demo)
     * @throws ProviderException        naming the provider and the setting when a file it names cannot be used
     */
    public static NodeProvider create(ProviderConfig config, ProviderContext ctx) {
        return switch (config.type()) {
            case LOCAL -> LocalProvider.create(config, ctx);
            case SSH -> SshProvider.create(config, ctx);
            case KUBERNETES -> KubernetesProvider.create(config, ctx);
            case SIMULATED -> simulated(config, ctx);
        };
    }

    private static NodeProvider simulated(ProviderConfig config, ProviderContext ctx) {
        var url = config.settings().string("fleetUrl");
        if (url.isPresent()) {
            return new SimulatedProvider(config.name(), new HttpFleetNodes(ctx.vertx(), url.get()));
        }
        return new SimulatedProvider(
                config.name(),
                ctx.simulated()
                        .orElseThrow(() -> new IllegalArgumentException("provider '" + config.name()
                                + "': settings.fleetUrl is required for a simulated provider outside the demo "
                                + "(the fleet=URL that 'numbat fleet' prints)")));
    }
}
