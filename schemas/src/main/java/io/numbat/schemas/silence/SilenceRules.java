package io.numbat.schemas.silence;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.Silence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a silence is and which alarms it covers. A silence matches an alarm when every matcher it sets (node, family,
 * alarm type; exact names) equals the alarm's, and it is active from {@code startsAt} (included) to {@code endsAt}
 * or, if expired early, {@code expiredAt} (excluded). A new silence is refused, with every reason, when it has no
 * matcher, an unknown alarm type, an end not after its start or already past, or no author or comment.
 */
public final class SilenceRules {
    /** The longest id, name, author or comment. */
    public static final int MAX_TEXT = 500;

    private SilenceRules() {}

    /** Whether {@code s} covers {@code alarm}'s node, family and type (its time is not looked at). */
    public static boolean matches(Silence s, Alarm alarm) {
        return matches(s, alarm.getNode(), alarm.getFamily(), alarm.getType());
    }

    /** Whether every matcher {@code s} sets equals the given value; a silence with no matcher matches nothing. */
    public static boolean matches(Silence s, String node, String family, String type) {
        if (s.getNode() == null && s.getFamily() == null && s.getAlarmType() == null) {
            return false;
        }
        return (s.getNode() == null || s.getNode().equals(node))
                && (s.getFamily() == null || s.getFamily().equals(family))
                && (s.getAlarmType() == null || s.getAlarmType().equals(type));
    }

    /** Whether {@code s} applies at {@code millis}. */
    public static boolean activeAt(Silence s, long millis) {
        return s.getStartsAt().toEpochMilli() <= millis && millis < endMillis(s);
    }

    /** When {@code s} stops applying: its end, or its early expiry if sooner. */
    public static long endMillis(Silence s) {
        long end = s.getEndsAt().toEpochMilli();
        return s.getExpiredAt() == null ? end : Math.min(end, s.getExpiredAt().toEpochMilli());
    }

    /** Whether {@code s} is over at {@code millis} (ended or expired); a silence not yet started is not. */
    public static boolean overAt(Silence s, long millis) {
        return millis >= endMillis(s);
    }

    /** Why a new silence cannot be accepted at {@code nowMillis}, every reason in one line; empty if it can. */
    public static Optional<String> problem(Silence s, long nowMillis) {
        List<String> out = new ArrayList<>(shapeProblems(s));
        if (s.getEndsAt().toEpochMilli() <= nowMillis) {
            out.add("it ends at " + s.getEndsAt() + ", which is already past");
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", out));
    }

    /**
     * Why a silence read from the topic cannot be applied, or empty: the same rules but the time (an old silence on
     * the compacted topic is simply over).
     */
    public static Optional<String> recordProblem(Silence s) {
        List<String> out = shapeProblems(s);
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", out));
    }

    private static List<String> shapeProblems(Silence s) {
        List<String> out = new ArrayList<>();
        if (blank(s.getId())) {
            out.add("it has no id");
        }
        if (s.getNode() == null && s.getFamily() == null && s.getAlarmType() == null) {
            out.add("it has no matcher: give a node, a family or an alarm type (or several)");
        }
        for (String[] m : new String[][] {{"node", s.getNode()}, {"family", s.getFamily()}}) {
            if (m[1] != null && (m[1].isBlank() || m[1].length() > MAX_TEXT)) {
                out.add("its " + m[0] + " must be a name of 1 to " + MAX_TEXT + " characters");
            }
        }
        if (s.getAlarmType() != null && !KnownAlarmTypes.isKnown(s.getAlarmType())) {
            out.add("its alarm type '" + s.getAlarmType() + "' is unknown (known: "
                    + String.join(", ", KnownAlarmTypes.all()) + ")");
        }
        if (!s.getEndsAt().isAfter(s.getStartsAt())) {
            out.add("its end (" + s.getEndsAt() + ") is not after its start (" + s.getStartsAt() + ")");
        }
        if (blank(s.getCreatedBy())) {
            out.add("it has no author (createdBy)");
        }
        if (blank(s.getComment())) {
            out.add("it has no comment: say why");
        }
        for (String t : new String[] {s.getId(), s.getCreatedBy(), s.getComment(), s.getExpiredBy()}) {
            if (t != null && t.length() > MAX_TEXT) {
                out.add("a text is longer than " + MAX_TEXT + " characters");
                break;
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The matchers as one line: {@code node=a family=web type=node_down}. */
    public static String matchers(Silence s) {
        StringBuilder b = new StringBuilder();
        if (s.getNode() != null) {
            b.append("node=").append(s.getNode());
        }
        if (s.getFamily() != null) {
            b.append(b.isEmpty() ? "" : " ").append("family=").append(s.getFamily());
        }
        if (s.getAlarmType() != null) {
            b.append(b.isEmpty() ? "" : " ").append("type=").append(s.getAlarmType());
        }
        return b.toString();
    }
}
