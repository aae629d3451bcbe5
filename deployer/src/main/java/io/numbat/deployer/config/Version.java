package io.numbat.deployer.config;

import io.numbat.schemas.config.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OTP or JVM release number such as {@code 26.2.5}, compared part by part as numbers, so
 * {@code "25" < "26.1" < "26.10"} and {@code "26" == "26.0"}.
 */
public final class Version implements Comparable<Version> {
    private static final Pattern FORMAT = Pattern.compile("\\d{1,9}(\\.\\d{1,9})*");

    private final String text;
    private final List<Integer> parts;

    private Version(String text, List<Integer> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** Whether {@code text} is a version: numbers separated by dots. */
    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** The version under {@code key} of {@code f}, or {@code null} if absent (or not a version, after recording why). */
    static Version read(Fields f, String key) {
        String text = f.string(key, false);
        if (text == null) {
            return null;
        }
        if (!isValid(text)) {
            f.error(f.path(key) + ": '" + text + "' is not a version (numbers separated by dots, e.g. 26.2.1)");
            return null;
        }
        return parse(text);
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} unless {@link #isValid(String)}. */
    public static Version parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a version (numbers separated by dots, e.g. 26.2.1)");
        }
        List<Integer> parts = new ArrayList<>();
        for (String part : text.split("\\.")) {
            parts.add(Integer.parseInt(part));
        }
        return new Version(text, List.copyOf(parts));
    }

    /** Whether this version is at least {@code required}. */
    public boolean atLeast(Version required) {
        return compareTo(required) >= 0;
    }

    @Override
    public int compareTo(Version other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(part(i), other.part(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int part(int i) {
        return i < parts.size() ? parts.get(i) : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int last = parts.size();
        while (last > 0 && parts.get(last - 1) == 0) {
            last--;
        }
        return Objects.hash(parts.subList(0, last).toArray());
    }

    /** The version as written. */
    @Override
    public String toString() {
        return text;
    }
}
