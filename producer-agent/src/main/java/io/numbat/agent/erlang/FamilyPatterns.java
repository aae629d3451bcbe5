package io.numbat.agent.erlang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which family a node belongs to, from its name: globs ({@code *} any run of characters, {@code ?} one) matched
 * against the node name's part before {@code @}, first match wins, else the default family. So {@code web-*=web}
 * puts {@code web-1@host} in family {@code web}.
 */
public final class FamilyPatterns {
    private record Rule(String glob, Pattern pattern, String family) {}

    private final List<Rule> rules;
    private final String fallback;

    private FamilyPatterns(List<Rule> rules, String fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    /** Every node in {@code family}. */
    public static FamilyPatterns single(String family) {
        return new FamilyPatterns(List.of(), family);
    }

    /** {@code families} (glob to family, in match order), else {@code fallback}. */
    public static FamilyPatterns of(Map<String, String> families, String fallback) {
        List<Rule> rules = new ArrayList<>();
        families.forEach((glob, family) -> rules.add(new Rule(glob, glob(glob), family)));
        return new FamilyPatterns(rules, fallback);
    }

    /**
     * Parses {@code GLOB=FAMILY} options in order.
     *
     * @throws IllegalArgumentException naming the option that is not {@code GLOB=FAMILY}
     */
    public static FamilyPatterns parse(List<String> options, String fallback) {
        List<Rule> rules = new ArrayList<>();
        for (String option : options) {
            int eq = option.lastIndexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new IllegalArgumentException(
                        "a family pattern is GLOB=FAMILY (e.g. 'web-*=web'), was '" + option + "'");
            }
            String glob = option.substring(0, eq).strip();
            rules.add(new Rule(glob, glob(glob), option.substring(eq + 1).strip()));
        }
        return new FamilyPatterns(rules, fallback);
    }

    /** The family of {@code node} (NAME@HOST or just NAME). */
    public String familyOf(String node) {
        String name = shortName(node);
        for (Rule r : rules) {
            if (r.pattern().matcher(name).matches()) {
                return r.family();
            }
        }
        return fallback;
    }

    /** Whether {@code node}'s name (before {@code @}) matches {@code glob}. */
    public static boolean matches(String glob, String node) {
        return glob(glob).matcher(shortName(node)).matches();
    }

    static String shortName(String node) {
        int at = node.indexOf('@');
        return at < 0 ? node : node.substring(0, at);
    }

    /** A glob as a regular expression: {@code *} and {@code ?} are wild, everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        rules.forEach(r -> shown.add(r.glob() + "=" + r.family()));
        shown.add("*=" + fallback);
        return String.join(", ", shown);
    }
}
