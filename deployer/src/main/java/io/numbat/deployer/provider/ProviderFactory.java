package io.numbat.deployer.provider;

import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.provider.kubernetes.KubernetesProvider;
import io.numbat.deployer.provider.local.LocalProvider;
import io.numbat.deployer.provider.ssh.SshProvider;

/** Builds the {@link NodeProvider} for a configured provider, by its type. */
public final class ProviderFactory {
    private ProviderFactory() {
    }

    /**
     * @throws IllegalArgumentException naming the provider when its type needs something {@code ctx} lacks
     *                                  (the fleet simulator for {@code simulated})
     * @throws ProviderException        naming the provider and the setting when a file it names cannot be used
     */
    public static NodeProvider create(ProviderConfig config, ProviderContext ctx) {
        return switch (config.type()) {
            case LOCAL -> LocalProvider.create(config, ctx);
            case SSH -> SshProvider.create(config, ctx);
            case KUBERNETES -> KubernetesProvider.create(config, ctx);
            case SIMULATED -> new SimulatedProvider(ctx.simulated().orElseThrow(() -> new IllegalArgumentException(
                    "provider " + config.name() + " is simulated but no fleet simulator runs here")));
        };
    }
}
