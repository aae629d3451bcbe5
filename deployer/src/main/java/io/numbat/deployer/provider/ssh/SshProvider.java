package io.numbat.deployer.provider.ssh;

import io.numbat.deployer.config.ProviderConfig;
import io.numbat.deployer.config.ProviderType;
import io.numbat.deployer.config.Settings;
import io.numbat.deployer.provider.ProviderContext;
import io.numbat.deployer.provider.ProviderException;
import io.numbat.deployer.provider.shell.Shell;
import io.numbat.deployer.provider.shell.ShellNodeProvider;
import io.numbat.deployer.provider.shell.ShellOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code ssh} provider: the local provider's processes on remote hosts, reached over SSH as
 * {@code user} with {@code keyFile}. Nodes go to the host holding the fewest of this provider's nodes.
 * Numbat node {@code web-7} of an Erlang family on host {@code h1} is {@code web-7@SHORT}, where SHORT is
 * {@code hostname -s} on h1. {@code workDir} is on the remote host (relative: under the user's home).
 */
public final class SshProvider extends ShellNodeProvider {
    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_WORK_DIR = "numbat-nodes";

    public SshProvider(String name, List<Shell> hosts, ShellOptions options, ProviderContext ctx) {
        super(name, hosts, options, ctx);
    }

    /** From an {@code ssh} provider's configuration; fails at once if the key or known-hosts file is missing. */
    public static SshProvider create(ProviderConfig config, ProviderContext ctx) {
        if (config.type() != ProviderType.SSH) {
            throw new IllegalArgumentException("provider " + config.name() + " is not of type ssh");
        }
        Settings s = config.settings();
        Path key = Path.of(s.string("keyFile").orElseThrow());
        Path knownHosts = s.string("knownHosts")
                .map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        if (!Files.isReadable(key)) {
            throw new ProviderException(
                    "provider " + config.name() + ": settings.keyFile " + key + " is not a readable file");
        }
        if (!Files.isReadable(knownHosts)) {
            throw new ProviderException("provider " + config.name() + ": settings.knownHosts " + knownHosts
                    + " is not a readable file (host keys are always checked)");
        }
        int port = s.integer("port").orElse(DEFAULT_PORT);
        String user = s.string("user").orElseThrow();
        List<Shell> hosts = s.strings("hosts").stream()
                .<Shell>map(h -> new SshShell(h, port, user, key, knownHosts))
                .toList();
        ShellOptions options = ShellOptions.from(
                s, s.string("workDir").orElse(DEFAULT_WORK_DIR), ShellOptions.DEFAULT_PARALLELISM * hosts.size());
        return new SshProvider(config.name(), hosts, options, ctx);
    }
}
