package io.numbat.platform.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The operator token that signs actions ({@code numbat action}) and that agents check them with ({@code numbat
 * agent}, {@code numbat fleet}): the first line of a file, or {@code NUMBAT_OPERATOR_TOKEN}. It never goes on a
 * topic: actions carry an HMAC-SHA256 made with it ({@link io.numbat.schemas.manage.ActionSignature}).
 */
final class OperatorToken {
    static final String ENV = "NUMBAT_OPERATOR_TOKEN";

    private OperatorToken() {}

    /**
     * The token from {@code file} (flag {@code fileOption}) or the environment; empty when neither is set.
     *
     * @throws io.numbat.platform.PlatformException for an unreadable or empty file, or both set
     */
    static Optional<byte[]> find(Path file, String fileOption, UnaryOperator<String> env) {
        return SecretOption.resolve(env.apply(ENV), file, ENV, fileOption).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }
}
