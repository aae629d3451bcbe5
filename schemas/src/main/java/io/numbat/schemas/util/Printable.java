package io.numbat.schemas.util;

import java.util.Locale;

/**
 * Text from outside (a request, a remote answer) made safe for one log or terminal line: control
 * characters and line separators become Java-style escapes, so a {@code %0A} in a node name cannot
 * forge a second log line or move a terminal's cursor.
 */
public final class Printable {
    private Printable() {}

    /**
     * {@code s} with {@code \} doubled and every control character escaped: {@code \n}, {@code \r},
     * {@code \t}, else a {@code \\u} escape with four hex digits.
     */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> control(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** Whether {@code s} has a character that {@link #escape} would write as an escape (a backslash aside). */
    public static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(c -> control((char) c));
    }

    /** C0 and C1 controls, line and paragraph separators, and the bidirectional controls that reorder what a terminal shows. */
    private static boolean control(char c) {
        return Character.isISOControl(c)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
