package io.numbat.deployer.provider.shell;

import io.numbat.deployer.provider.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an Erlang cookie file: its first line, stripped. Errors name the file, never its content. */
public final class Cookies {
    private Cookies() {}

    public static String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ProviderException(
                    "cannot read the cookie file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String first = text.lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
            throw new ProviderException("the cookie file " + file + " is empty");
        }
        return first;
    }
}
