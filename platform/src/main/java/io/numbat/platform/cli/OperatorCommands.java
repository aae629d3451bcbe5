package io.numbat.platform.cli;

import io.numbat.agent.manage.CommandService;
import io.numbat.agent.manage.ManagedNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The agent side of {@code numbat inspect} and {@code numbat action}, as {@code numbat agent} and {@code numbat
 * fleet} start it: answers the queries and carries out the signed actions for the nodes they watch.
 */
final class OperatorCommands {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorCommands.class);

    /** The agent's operator token option. */
    static final class Options {
        @Option(
                names = "--operator-token-file",
                paramLabel = "FILE",
                description = "File whose first line is the operator token that numbat action signs with (or env "
                        + OperatorToken.ENV + "). Without it every action is refused; queries (numbat inspect) "
                        + "are answered either way.")
        Path tokenFile;
    }

    private OperatorCommands() {}

    /**
     * Starts answering for {@code nodes} under {@code agent}'s name.
     *
     * @param identity what the consumer group is named after (e.g. the watched nodes): the same agent restarted
     *     resumes where it stopped, so an action it had not answered is delivered again (and carried out at most
     *     once)
     */
    static CommandService start(
            Closer closer,
            ClusterSession session,
            String agent,
            Collection<String> identity,
            ManagedNodes nodes,
            Options options) {
        Optional<byte[]> token =
                OperatorToken.find(options == null ? null : options.tokenFile, "--operator-token-file", System::getenv);
        if (token.isEmpty()) {
            LOG.warn(
                    "no operator token (--operator-token-file or {}): every action will be refused", OperatorToken.ENV);
        }
        String group = agent.substring(0, agent.indexOf('@') < 0 ? agent.length() : agent.indexOf('@'));
        return closer.add(new CommandService(
                        session.connection(),
                        session.registry(),
                        agent,
                        "numbat-agent-commands-" + group + "-" + hash(identity),
                        nodes,
                        token)
                .start());
    }

    /**
     * The demo's operator token: {@code NUMBAT_OPERATOR_TOKEN} when set (then empty), else a new random one in
     * {@code dir/operator.token} (readable by its owner only), whose path is returned for printing.
     */
    static Optional<Path> demoToken(Path dir, Options options) throws IOException {
        String env = System.getenv(OperatorToken.ENV);
        if (env != null && !env.isBlank()) {
            return Optional.empty();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Path file = dir.resolve("operator.token");
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions apply
        }
        options.tokenFile = file;
        return Optional.of(file);
    }

    private static String hash(Collection<String> identity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", new TreeSet<>(identity)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
