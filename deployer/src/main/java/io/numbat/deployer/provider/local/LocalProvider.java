package io.numbat.deployer.provider.local;

import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.ProviderException;
import io.numbat.deployer.provider.shell.ShellNodeProvider;
import io.numbat.deployer.provider.shell.ShellOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The {@code local} provider: nodes are OS processes on this machine, their logs and pid files in
 * {@code workDir}. Numbat node {@code web-7} of an Erlang family is the Erlang node {@code web-7@localhost}.
 */
public final class LocalProvider extends ShellNodeProvider {

    public LocalProvider(String name, ShellOptions options, ProviderContext ctx) {
        super(name, List.of(new LocalShell()), options, ctx);
    }

    /** From a {@code local} provider's configuration; without {@code workDir}, a new temporary directory. */
    public static LocalProvider create(ProviderConfig config, ProviderContext ctx) {
        if (config.type() != ProviderType.LOCAL) {
            throw new IllegalArgumentException("provider " + config.name() + " is not of type local");
        }
        String workDir = config.settings().string("workDir").orElseGet(() -> tempDir(config.name()));
        return new LocalProvider(
                config.name(), ShellOptions.from(config.settings(), workDir, ShellOptions.DEFAULT_PARALLELISM), ctx);
    }

    private static String tempDir(String provider) {
        try {
            return Files.createTempDirectory("numbat-" + provider + "-").toString();
        } catch (IOException e) {
            throw new ProviderException(
                    "provider " + provider + ": cannot create a work directory: " + e.getMessage(), e);
        }
    }
}
