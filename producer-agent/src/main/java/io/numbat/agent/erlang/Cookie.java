package io.numbat.agent.erlang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An Erlang distribution cookie, read from a file. It never appears in {@link #toString()}, logs,
 * events or exception messages: {@link #redact} scrubs it from any text that might echo it.
 */
public final class Cookie {
    private final String value;

    private Cookie(String value) {
        this.value = value;
    }

    /** Reads the first line of {@code file} (surrounding whitespace removed); the error names the file only. */
    public static Cookie fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the cookie file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        int eol = text.indexOf('\n');
        String first = (eol < 0 ? text : text.substring(0, eol)).strip();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("the cookie file " + file + " is empty");
        }
        return new Cookie(first);
    }

    public static Cookie of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty cookie");
        }
        return new Cookie(value.strip());
    }

    /** The secret itself: for the JInterface handshake only. */
    String secret() {
        return value;
    }

    /** {@code text} with every occurrence of the cookie replaced by {@code ***}. */
    String redact(String text) {
        return text == null ? null : text.replace(value, "***");
    }

    @Override
    public String toString() {
        return "Cookie(***)";
    }
}
