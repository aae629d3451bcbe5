package io.numbat.deployer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.numbat.schemas.config.Fields;
import io.numbat.schemas.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and checks one entry of {@code providers}; every problem is recorded with its key path. */
final class ProviderReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private ProviderReader() {}

    /** The provider at {@code path}, or {@code null} if it has errors (which are then in {@code errors}). */
    static ProviderConfig read(JsonNode node, String path, List<String> errors) {
        int before = errors.size();
        Fields f = Fields.of(node, path, errors);
        String name = f.string("name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            f.error(f.path("name") + " must match " + NAME + ", was '" + name + "'");
        }
        String typeName = f.string("type", true);
        ProviderType type = null;
        if (typeName != null) {
            type = ProviderType.fromConfigName(typeName).orElse(null);
            if (type == null) {
                f.error(f.path("type") + ": unknown type '" + typeName + "'; known: " + ProviderType.known());
            }
        }
        JsonNode offerNode = f.required("offers");
        Offer offer = offerNode == null ? null : offer(Fields.of(offerNode, f.path("offers"), errors));
        int maxNodes = (int) f.integer("maxNodes", true, 1, Integer.MAX_VALUE, 1);
        double cost = cost(f);
        JsonNode settingsNode = f.get("settings");
        Settings settings = type == null ? null : settings(type, settingsNode, f.path("settings"), errors);
        int maxConcurrentStarts = (int) f.integer(
                "maxConcurrentStarts", false, 1, Integer.MAX_VALUE, ProviderConfig.DEFAULT_MAX_CONCURRENT_STARTS);
        f.rejectUnknown();
        if (errors.size() > before) {
            return null;
        }
        return new ProviderConfig(name, type, offer, maxNodes, cost, settings, maxConcurrentStarts);
    }

    private static Offer offer(Fields f) {
        Offer offer = new Offer(
                (int) f.integer("cores", true, 1, Integer.MAX_VALUE, 1),
                f.integer("memoryMb", true, 1, Long.MAX_VALUE, 1),
                f.string("architecture", false),
                Version.read(f, "otpVersion"),
                Version.read(f, "jvmVersion"),
                f.string("region", false),
                f.string("zone", false),
                f.labels("labels"));
        f.rejectUnknown();
        return offer;
    }

    private static double cost(Fields f) {
        JsonNode v = f.required("costPerNodeHour");
        if (v == null) {
            return 0;
        }
        if (!v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
            f.error(f.path("costPerNodeHour") + " must be a number >= 0, was " + v);
            return 0;
        }
        return v.asDouble();
    }

    private static Settings settings(ProviderType type, JsonNode node, String path, List<String> errors) {
        Fields f = Fields.of(node == null ? JsonNodeFactory.instance.objectNode() : node, path, errors);
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingSpec spec : type.settings()) {
            JsonNode v = f.get(spec.key());
            if (v == null) {
                if (spec.required() && f.isObject()) {
                    f.error(f.path(spec.key()) + ": required for type " + type.configName());
                }
                continue;
            }
            Object value = value(spec, v);
            if (value == null) {
                f.error(f.path(spec.key()) + " must be " + spec.kind().description() + ", was " + v);
            } else {
                values.put(spec.key(), value);
            }
        }
        f.rejectUnknown();
        return new Settings(values);
    }

    private static Object value(SettingSpec spec, JsonNode v) {
        switch (spec.kind()) {
            case STRING:
                return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
            case URL:
                return v.isTextual() && v.asText().matches("https?://[^\\s/]+(/\\S*)?") ? v.asText() : null;
            case PORT:
                return v.isIntegralNumber() && v.asLong() >= 1 && v.asLong() <= 65535 ? v.asInt() : null;
            case DURATION:
                return v.isTextual() ? duration(v.asText()) : null;
            case STRING_LIST:
                if (!v.isArray() || v.isEmpty()) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (JsonNode e : v) {
                    if (!e.isTextual() || e.asText().isBlank()) {
                        return null;
                    }
                    out.add(e.asText());
                }
                return out;
            default:
                throw new IllegalStateException("unhandled setting kind " + spec.kind());
        }
    }

    private static Duration duration(String text) {
        try {
            Duration d = Durations.parse(text);
            return d.isZero() ? null : d;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
