package io.numbat.schemas.manage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one check of a pid an operator typed, made by the command line and again by the agent before the pid
 * reaches a node: a process of the node itself as the node prints it, {@code <0.N.S>} (the brackets may be left
 * out). Other node numbers are refused: they name another node's processes.
 */
public final class Pids {
    private static final Pattern PID = Pattern.compile("<?0\\.(\\d{1,10})\\.(\\d{1,10})>?");
    private static final long MAX_PART = 0xFFFF_FFFFL;

    private Pids() {}

    /** {@code <0.N.S>} for a valid pid text, empty otherwise. */
    public static Optional<String> normalise(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        Matcher m = PID.matcher(t);
        if (!m.matches() || t.startsWith("<") != t.endsWith(">")) {
            return Optional.empty();
        }
        if (Long.parseLong(m.group(1)) > MAX_PART || Long.parseLong(m.group(2)) > MAX_PART) {
            return Optional.empty();
        }
        return Optional.of("<0." + Long.parseLong(m.group(1)) + "." + Long.parseLong(m.group(2)) + ">");
    }

    /** Why {@code text} is not a pid, for an error message that quotes it. */
    public static String problem(String text) {
        return "'" + text + "' is not a pid: give one of the node's own processes as it prints them, e.g. <0.123.0>";
    }
}
