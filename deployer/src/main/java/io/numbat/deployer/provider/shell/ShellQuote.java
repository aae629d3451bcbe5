package io.numbat.deployer.provider.shell;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting: every word in single quotes, so nothing in it is expanded. */
public final class ShellQuote {
    private ShellQuote() {}

    /** {@code it's} becomes {@code 'it'\''s'}. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words quoted and joined by spaces. */
    public static String join(List<String> words) {
        return words.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
