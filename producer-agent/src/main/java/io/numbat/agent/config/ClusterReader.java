package io.numbat.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.numbat.agent.erlang.ClusterSpec;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.FamilyPatterns;
import io.numbat.schemas.config.Fields;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and checks one entry of {@code clusters}; every problem is recorded with its key path. */
final class ClusterReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    static final Pattern NODE = Pattern.compile("[^@\\s]+@[^@\\s]+");
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final String DEFAULT_FAMILY = "beam";

    private ClusterReader() {}

    /** The cluster at {@code path}, or {@code null} if it has errors (which are then in {@code errors}). */
    static ClusterSpec read(JsonNode node, String path, int index, Path dir, List<String> errors) {
        int before = errors.size();
        Fields f = Fields.of(node, path, errors);
        f.refuse(
                "cookie",
                "a cookie is never written in the configuration; put it in a file only its owner can read and "
                        + "name that file with cookieFile");
        String name = f.string("name", false);
        if (name != null && !NAME.matcher(name).matches()) {
            f.error(f.path("name") + " must match " + NAME + ", was '" + name + "'");
        }
        List<String> seeds = seeds(f);
        String cookieFile = f.string("cookieFile", true);
        boolean discover = f.bool("discover", false);
        Duration forgetAfter = f.duration("forgetAfter", Duration.ofSeconds(1), ClusterSpec.DEFAULT_FORGET_AFTER);
        String family = f.string("family", false);
        Map<String, String> families = families(f);
        List<String> exclude = f.strings("exclude", false, true);
        Duration interval = f.duration("interval", Duration.ofMillis(100), DEFAULT_INTERVAL);
        JsonNode collectorsNode = f.get("collectors");
        int topProcesses = ErlangSettings.DEFAULT_TOP_PROCESSES;
        boolean schedulers = true;
        int logEvents = ErlangSettings.DEFAULT_LOG_EVENTS_PER_SECOND;
        if (collectorsNode != null) {
            Fields c = Fields.of(collectorsNode, f.path("collectors"), errors);
            topProcesses = (int) c.integer("topProcesses", false, 0, 1000, topProcesses);
            schedulers = c.bool("schedulerUtilisation", true);
            logEvents = (int) c.integer("logEventsPerSecond", false, 0, 1000, logEvents);
            c.rejectUnknown();
        }
        f.rejectUnknown();
        if (errors.size() > before) {
            return null;
        }
        List<String> excluded = new ArrayList<>(ClusterSpec.DEFAULT_EXCLUDE);
        if (exclude != null) {
            excluded.addAll(exclude);
        }
        Path cookie = dir == null ? Path.of(cookieFile) : dir.resolve(cookieFile);
        return new ClusterSpec(
                name == null ? "cluster-" + index : name,
                seeds,
                cookie,
                FamilyPatterns.of(families, family == null ? DEFAULT_FAMILY : family),
                ErlangSettings.defaults(interval)
                        .with(interval, topProcesses, schedulers)
                        .withLogEvents(logEvents),
                discover,
                forgetAfter,
                excluded);
    }

    private static List<String> seeds(Fields f) {
        JsonNode v = f.required("seeds");
        List<String> seeds = new ArrayList<>();
        if (v == null) {
            return seeds;
        }
        if (!v.isArray() || v.isEmpty()) {
            f.error(f.path("seeds") + " must be a non-empty list of NAME@HOST, was " + v);
            return seeds;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode seed = v.get(i);
            if (!seed.isTextual() || !NODE.matcher(seed.asText()).matches()) {
                f.error(f.path("seeds") + "[" + i + "] must be NAME@HOST, was " + seed);
            } else {
                seeds.add(seed.asText());
            }
        }
        return seeds;
    }

    /** Glob to family, in the file's order (the first match wins). */
    private static Map<String, String> families(Fields f) {
        JsonNode v = f.get("families");
        Map<String, String> families = new LinkedHashMap<>();
        if (v == null) {
            return families;
        }
        if (!v.isObject()) {
            f.error(f.path("families") + " must be an object of family by node-name pattern (e.g. web-*: web), was "
                    + v);
            return families;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                families.put(e.getKey(), e.getValue().asText());
            } else {
                f.error(f.path("families") + "." + e.getKey() + " must be a family name, was " + e.getValue());
            }
        }
        return families;
    }
}
