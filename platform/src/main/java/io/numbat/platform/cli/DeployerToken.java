package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The deployer's bearer token as a client command finds it: {@code --token}, else {@code --token-file},
 * else {@code NUMBAT_DEPLOYER_TOKEN} (which {@code numbat deployer} reads too). No message and no
 * {@code toString} shows the token; they name where it came from.
 */
final class DeployerToken {
    static final String ENV = "NUMBAT_DEPLOYER_TOKEN";

    /** {@code --token} or {@code --token-file}: at most one (a picocli exclusive group). */
    static final class Options {
        @Option(
                names = "--token",
                paramLabel = "TOKEN",
                description = "The deployer's --token, sent as 'Authorization: Bearer TOKEN' (default: env " + ENV
                        + "). Other users can read it in 'ps': prefer --token-file or the environment.")
        String token;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description = "Read the deployer's token from FILE (leading and trailing whitespace ignored).")
        Path file;
    }

    private final String value;
    private final String source;

    private DeployerToken(String value, String source) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) { // what an HTTP header carries unchanged
                throw new PlatformException("the deployer token from " + source
                        + " has a character that is not printable ASCII" + " (at position " + (i + 1) + ")");
            }
        }
        this.value = value;
        this.source = source;
    }

    /**
     * The token the options or the environment give, if any.
     *
     * @param env looks up an environment variable ({@code System::getenv} outside tests)
     * @throws PlatformException for an empty token or an unreadable or empty token file
     */
    static Optional<DeployerToken> find(Options options, UnaryOperator<String> env) {
        if (options != null && options.token != null) {
            if (options.token.isEmpty()) {
                throw new PlatformException("--token is empty");
            }
            return Optional.of(new DeployerToken(options.token, "--token"));
        }
        if (options != null && options.file != null) {
            String source = "--token-file " + options.file;
            String text;
            try {
                text = Files.readString(options.file).strip();
            } catch (NoSuchFileException e) {
                throw new PlatformException("cannot read " + source + ": no such file");
            } catch (IOException e) {
                throw new PlatformException(
                        "cannot read " + source + ": " + e.getClass().getSimpleName());
            }
            if (text.isEmpty()) {
                throw new PlatformException(source + " is empty");
            }
            return Optional.of(new DeployerToken(text, source));
        }
        String fromEnv = env.apply(ENV);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(new DeployerToken(fromEnv, ENV));
    }

    /** The {@code Authorization} header's value. */
    String authorization() {
        return "Bearer " + value;
    }

    /** Where the token came from: {@code --token}, {@code --token-file FILE} or {@code NUMBAT_DEPLOYER_TOKEN}. */
    @Override
    public String toString() {
        return source;
    }
}
