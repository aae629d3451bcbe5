package io.numbat.schemas.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.numbat.schemas.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One JSON object of a configuration file being read: hands out its values by key, records what is wrong with
 * them against their key path, and finally reports the keys nobody asked for as unknown. Shared by every
 * configuration file (the deployer's, the agent's, the processor's); a reader collects every error, then throws one
 * {@link ConfigException}.
 */
public final class Fields {
    private final JsonNode node;
    private final String path;
    private final List<String> errors;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> refused = new LinkedHashSet<>();
    private final boolean object;

    private Fields(JsonNode node, String path, List<String> errors, boolean object) {
        this.object = object;
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /**
     * Reads {@code node} at {@code path}; a non-object is an error and then reads as an empty object
     * whose missing keys are not reported again.
     */
    public static Fields of(JsonNode node, String path, List<String> errors) {
        if (!node.isObject()) {
            errors.add(where(path) + " must be an object, was " + node);
            return new Fields(JsonNodeFactory.instance.objectNode(), path, errors, false);
        }
        return new Fields(node, path, errors, true);
    }

    private static String where(String path) {
        return path.isEmpty() ? "the configuration" : path;
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the value read is really an object (if not, that error is already recorded). */
    public boolean isObject() {
        return object;
    }

    public void error(String message) {
        errors.add(message);
    }

    /**
     * Records {@code why} against {@code key} if it is present (a key that must never be given, such as a secret
     * written inline); it is then not reported again as unknown, nor listed among the known keys.
     */
    public void refuse(String key, String why) {
        refused.add(key);
        if (node.has(key)) {
            errors.add(path(key) + ": " + why);
        }
    }

    /** The value under {@code key}; {@code null} if absent or JSON null. */
    public JsonNode get(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    public JsonNode required(String key) {
        JsonNode v = get(key);
        if (v == null && object) {
            errors.add(path(key) + ": required");
        }
        return v;
    }

    public String string(String key, boolean required) {
        JsonNode v = required ? required(key) : get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            errors.add(path(key) + " must be a non-empty string, was " + v);
            return null;
        }
        return v.asText();
    }

    /** An integer at least {@code min}, or {@code fallback} if absent (or wrong, after recording the error). */
    public long integer(String key, boolean required, long min, long max, long fallback) {
        JsonNode v = required ? required(key) : get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(path(key) + " must be an integer, was " + v);
            return fallback;
        }
        if (v.asLong() < min || v.asLong() > max) {
            errors.add(path(key) + " must be "
                    + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? ">= " + min : "in " + min + ".." + max)
                    + ", was " + v.asLong());
            return fallback;
        }
        return v.asLong();
    }

    /** A duration like {@code 500ms}, {@code 60s}, {@code 5m}, at least {@code min}; {@code fallback} if absent or wrong. */
    public Duration duration(String key, Duration min, Duration fallback) {
        String text = string(key, false);
        if (text == null) {
            return fallback;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            errors.add(path(key) + ": " + e.getMessage());
            return fallback;
        }
        if (d.compareTo(min) < 0) {
            errors.add(path(key) + " must be at least " + min.toMillis() + " ms, was '" + text + "'");
            return fallback;
        }
        return d;
    }

    /** An enum value by its configuration name, or {@code fallback} if absent (or wrong, after recording the error). */
    public <E> E choice(String key, Function<String, Optional<E>> byName, String known, E fallback) {
        String text = string(key, false);
        if (text == null) {
            return fallback;
        }
        Optional<E> v = byName.apply(text);
        if (v.isEmpty()) {
            errors.add(path(key) + ": unknown value '" + text + "'; known: " + known);
            return fallback;
        }
        return v.get();
    }

    /** A number in {@code [min, max]}, or {@code fallback} if absent (or wrong, after recording the error). */
    public double number(String key, double min, double max, double fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            errors.add(path(key) + " must be a number, was " + v);
            return fallback;
        }
        return inRange(key, v.asDouble(), min, max, v.toString(), fallback);
    }

    /**
     * A share in {@code [min, max]} (within 0..1), written as a fraction ({@code 0.7}) or a percentage
     * ({@code "70%"}); {@code fallback} if absent (or wrong, after recording the error).
     */
    public double ratio(String key, double min, double max, double fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        double x;
        String text = v.asText().strip();
        if (v.isNumber()) {
            x = v.asDouble();
        } else if (v.isTextual() && text.endsWith("%")) {
            try {
                x = Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100;
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
        } else {
            x = Double.NaN;
        }
        if (!Double.isFinite(x)) {
            errors.add(path(key) + " must be a fraction like 0.7 or a percentage like '70%', was " + v);
            return fallback;
        }
        return inRange(key, x, min, max, v.toString(), fallback);
    }

    private double inRange(String key, double x, double min, double max, String written, double fallback) {
        if (x < min || x > max) {
            errors.add(path(key) + " must be in " + plain(min) + ".." + plain(max) + ", was " + written);
            return fallback;
        }
        return x;
    }

    private static String plain(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    /** A boolean, or {@code fallback} if absent (or wrong, after recording the error). */
    public boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            errors.add(path(key) + " must be true or false, was " + v);
            return fallback;
        }
        return v.asBoolean();
    }

    public Map<String, String> labels(String key) {
        JsonNode v = get(key);
        Map<String, String> labels = new TreeMap<>();
        if (v == null) {
            return labels;
        }
        if (!v.isObject()) {
            errors.add(path(key) + " must be an object of strings, was " + v);
            return labels;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (e.getValue().isTextual()) {
                labels.put(e.getKey(), e.getValue().asText());
            } else {
                errors.add(path(key) + "." + e.getKey() + " must be a string, was " + e.getValue());
            }
        }
        return labels;
    }

    /** A non-empty list of non-empty strings, or {@code null} after recording why not. */
    public List<String> strings(String key, boolean required, boolean allowEmpty) {
        JsonNode v = required ? required(key) : get(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.isTextual() && !e.asText().isEmpty() ? e.asText() : null));
        if (!v.isArray() || out.contains(null) || (!allowEmpty && out.isEmpty())) {
            errors.add(path(key) + " must be a" + (allowEmpty ? " list" : " non-empty list")
                    + " of non-empty strings, was " + v);
            return null;
        }
        return out;
    }

    /** The keys present in this object. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.properties().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    /** Records every key that was never asked for as unknown, listing the keys that are. */
    public void rejectUnknown() {
        List<String> unknown = keys().stream()
                .filter(k -> !known.contains(k) && !refused.contains(k))
                .toList();
        if (unknown.isEmpty()) {
            return;
        }
        errors.add(where(path) + ": unknown key" + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown.stream().map(k -> "'" + k + "'").toList())
                + "; known: " + (known.isEmpty() ? "(none)" : String.join(", ", known)));
    }
}
