package io.numbat.processor.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.numbat.processor.alarm.LevelAlarm;
import io.numbat.processor.health.AlarmThresholds;
import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.config.ConfigTree;
import io.numbat.schemas.config.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stream processor's config file ({@code numbat processor --config FILE}, YAML or JSON,
 * docs/processor-config.md): a {@code defaults} section and a {@code families} section, each with a mode
 * ({@code scale} or {@code monitor}), alarm thresholds and a scaling policy. The command line's settings are the
 * base, {@code defaults} is laid over them and {@code families.F} over that, key by key. Checked completely: every
 * error names its key path ({@code families.web.scaling.maxNodes}), unknown keys are errors.
 */
public final class ProcessorConfig {
    private ProcessorConfig() {}

    /**
     * Reads and checks {@code file} (JSON when it ends in {@code .json}, else YAML) over {@code base}.
     *
     * @throws ConfigException naming every problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Rulebook load(Path file, FamilyRules base) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            throw new UncheckedIOException("cannot read the processor configuration " + file + ": " + why, e);
        }
        return parse(text, ConfigTree.isJson(file), file.toString(), base);
    }

    /** Reads and checks a configuration over {@code base}; {@code source} names it in errors. */
    public static Rulebook parse(String text, boolean json, String source, FamilyRules base) {
        JsonNode root = ConfigTree.parse(text, json, source);
        List<String> errors = new ArrayList<>();
        Fields top = Fields.of(root, "", errors);
        JsonNode defaultsNode = top.get("defaults");
        JsonNode familiesNode = top.get("families");
        top.rejectUnknown();
        FamilyRules defaults =
                defaultsNode == null ? base : rules(Fields.of(defaultsNode, "defaults", errors), base, errors);
        Map<String, FamilyRules> families = new TreeMap<>();
        if (familiesNode != null) {
            Fields all = Fields.of(familiesNode, "families", errors);
            for (String family : all.keys()) {
                JsonNode node = all.get(family);
                String path = all.path(family);
                if (family.isBlank() || family.contains("/")) {
                    errors.add((family.isBlank() ? "families" : path) + ": a family name must be non-empty and without "
                            + "'/', was '" + family + "'");
                } else if (node == null) {
                    errors.add(path + " must be an object (an empty one, {}, takes the defaults), was null");
                } else {
                    families.put(family, rules(Fields.of(node, path, errors), defaults, errors));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return new Rulebook(defaults, families);
    }

    /** The rules of one section laid over {@code base}. */
    private static FamilyRules rules(Fields f, FamilyRules base, List<String> errors) {
        FamilyMode mode = f.choice("mode", FamilyMode::byConfigName, FamilyMode.known(), base.mode());
        JsonNode alarms = f.get("alarms");
        JsonNode scaling = f.get("scaling");
        f.rejectUnknown();
        return new FamilyRules(
                mode,
                scaling == null
                        ? base.scaling()
                        : scaling(Fields.of(scaling, f.path("scaling"), errors), base.scaling()),
                alarms == null
                        ? base.alarms()
                        : alarms(Fields.of(alarms, f.path("alarms"), errors), base.alarms(), errors));
    }

    private static AlarmThresholds alarms(Fields f, AlarmThresholds base, List<String> errors) {
        JsonNode limits = f.get("limits");
        JsonNode queue = f.get("messageQueue");
        double anomaly = f.number("anomalyThreshold", 0, 1, base.anomalyThreshold());
        if (anomaly == 0) {
            f.error(f.path("anomalyThreshold") + " must be above 0 (every score would raise an alarm), was 0");
            anomaly = base.anomalyThreshold();
        }
        Duration nodeDown = f.duration("nodeDownAfter", Duration.ofSeconds(1), base.nodeDownAfter());
        f.rejectUnknown();
        return new AlarmThresholds(
                limits == null
                        ? base.limits()
                        : levels(Fields.of(limits, f.path("limits"), errors), base.limits(), true),
                queue == null
                        ? base.messageQueue()
                        : levels(Fields.of(queue, f.path("messageQueue"), errors), base.messageQueue(), false),
                anomaly,
                nodeDown);
    }

    /** Minor, major and critical (shares of a limit if {@code shares}, else lengths) and the clear factor. */
    private static LevelAlarm.Thresholds levels(Fields f, LevelAlarm.Thresholds base, boolean shares) {
        double[] level = new double[3];
        String[] keys = {"minor", "major", "critical"};
        double[] was = {base.minor(), base.major(), base.critical()};
        for (int i = 0; i < 3; i++) {
            level[i] = shares
                    ? f.ratio(keys[i], 0, 1, was[i])
                    : f.integer(keys[i], false, 1, Long.MAX_VALUE, (long) was[i]);
        }
        double clear = f.ratio("clearFactor", 0, 1, base.clearFactor());
        f.rejectUnknown();
        boolean ok = true;
        if (!(level[0] < level[1] && level[1] < level[2])) {
            f.error(f.path(blame(f, keys)) + ": need minor < major < critical, were " + plain(level[0]) + ", "
                    + plain(level[1]) + ", " + plain(level[2]));
            ok = false;
        }
        if (clear == 0 || clear == 1) {
            f.error(f.path("clearFactor") + " must be above 0 and below 1, was " + plain(clear));
            ok = false;
        }
        return ok ? new LevelAlarm.Thresholds(level[0], level[1], level[2], clear) : base;
    }

    private static ScalingPolicy scaling(Fields f, ScalingPolicy base) {
        double target = f.ratio("target", 0, 1, base.target());
        double out = f.ratio("scaleOutAbove", 0, 1, base.scaleOutAbove());
        double in = f.ratio("scaleInBelow", 0, 1, base.scaleInBelow());
        Duration outCooldown = f.duration("outCooldown", Duration.ZERO, base.outCooldown());
        Duration inCooldown = f.duration("inCooldown", Duration.ZERO, base.inCooldown());
        int maxStep = (int) f.integer("maxStep", false, 1, Integer.MAX_VALUE, base.maxStep());
        int minNodes = (int) f.integer("minNodes", false, 0, Integer.MAX_VALUE, base.minNodes());
        int maxNodes = (int) f.integer("maxNodes", false, 1, Integer.MAX_VALUE, base.maxNodes());
        Duration horizon = f.duration("forecastHorizon", Duration.ZERO, base.forecastHorizon());
        double quorum = f.ratio("forecastQuorum", 0, 1, base.forecastQuorum());
        f.rejectUnknown();
        boolean ok = true;
        if (!(in < target && target < out)) {
            f.error(f.path(blame(f, "target", "scaleInBelow", "scaleOutAbove"))
                    + ": need scaleInBelow < target < scaleOutAbove, were " + plain(in) + ", " + plain(target) + ", "
                    + plain(out));
            ok = false;
        }
        if (minNodes > maxNodes) {
            f.error(f.path(blame(f, "maxNodes", "minNodes")) + ": need minNodes <= maxNodes, were " + minNodes + ", "
                    + maxNodes);
            ok = false;
        }
        if (quorum == 0) {
            f.error(f.path("forecastQuorum") + " must be above 0, was 0");
            ok = false;
        }
        if (!ok) {
            return base;
        }
        try {
            return new ScalingPolicy(
                    target, out, in, outCooldown, inCooldown, minNodes, maxNodes, maxStep, horizon, quorum);
        } catch (IllegalArgumentException e) {
            f.error(f.path() + ": " + e.getMessage());
            return base;
        }
    }

    /** The first of {@code keys} that this section sets (the one an error is reported at), else the first. */
    private static String blame(Fields f, String... keys) {
        List<String> present = f.keys();
        for (String k : keys) {
            if (present.contains(k)) {
                return k;
            }
        }
        return keys[0];
    }

    private static String plain(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
