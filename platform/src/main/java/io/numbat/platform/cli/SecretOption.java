package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret given on the command line, in the environment, or in a file (its first line, stripped). A flag's
 * value shows in {@code ps}; the environment and the file do not. Errors name the file, never its content.
 */
final class SecretOption {
    private SecretOption() {}

    /**
     * The secret from {@code value} (flag or environment) or {@code file}, or empty when neither is set.
     *
     * @param names the value's flag and environment variable, e.g. {@code --token (or NUMBAT_DEPLOYER_TOKEN)}
     * @param fileOption the file's flag, e.g. {@code --token-file}
     */
    static Optional<String> resolve(String value, Path file, String names, String fileOption) {
        boolean hasValue = value != null && !value.isBlank();
        if (file == null) {
            return hasValue ? Optional.of(value) : Optional.empty();
        }
        if (hasValue) {
            throw new PlatformException(names + " and " + fileOption + " are both set: give one");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlatformException(
                    fileOption + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String first = text.lines().map(String::strip).findFirst().orElse("");
        if (first.isEmpty()) {
            throw new PlatformException(fileOption + " " + file + ": the first line is empty");
        }
        return Optional.of(first);
    }
}
