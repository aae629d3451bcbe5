package io.numbat.processor.remedy;

import com.fasterxml.jackson.databind.JsonNode;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.config.ConfigTree;
import io.numbat.schemas.config.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The remediation configuration file ({@code numbat processor --remediation-config FILE}, YAML or JSON,
 * docs/prevent.md): a {@code defaults} section and a {@code families} section, each with a mode, limits and a mode
 * and playbook per cause (a metric's name), laid over the settings the command line gives. Checked completely at
 * start-up like the agent's and the deployer's files: every error names its key path
 * ({@code families.web.causes.memory_total.playbook}), unknown keys and metrics are errors.
 *
 * @param settings the command line's settings with the file's applied
 * @param gcKeys the key paths that select the {@code gc} playbook (it needs the operator token)
 */
public record RemediationConfig(RemediationSettings settings, List<String> gcKeys) {
    private static final String MODES = "auto, approve, notify";
    private static final String PLAYBOOKS = "replace, restart, gc";

    public RemediationConfig {
        gcKeys = List.copyOf(gcKeys);
    }

    /**
     * Reads and checks {@code file} (JSON when it ends in {@code .json}, else YAML) over {@code base}.
     *
     * @throws ConfigException naming every problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static RemediationConfig load(Path file, RemediationSettings base) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the remediation configuration " + file + ": " + e.getMessage(), e);
        }
        return parse(text, ConfigTree.isJson(file), file.toString(), base);
    }

    /** Reads and checks a configuration over {@code base}; {@code source} names it in errors. */
    public static RemediationConfig parse(String text, boolean json, String source, RemediationSettings base) {
        JsonNode root = ConfigTree.parse(text, json, source);
        Reader r = new Reader(base);
        r.read(root);
        if (!r.errors.isEmpty()) {
            throw new ConfigException(source, r.errors);
        }
        return new RemediationConfig(r.settings, r.gcKeys);
    }

    private static final class Reader {
        final List<String> errors = new ArrayList<>();
        final List<String> gcKeys = new ArrayList<>();
        RemediationSettings settings;

        Reader(RemediationSettings base) {
            this.settings = base;
        }

        void read(JsonNode root) {
            Fields top = Fields.of(root, "", errors);
            JsonNode defaults = top.get("defaults");
            JsonNode families = top.get("families");
            top.rejectUnknown();
            if (defaults != null) {
                Fields d = Fields.of(defaults, "defaults", errors);
                RemediationMode mode = mode(d);
                RemediationSettings.Limits limits = limits(d, settings.limits());
                Map<String, RemediationSettings.Policy> causes = causes(d);
                d.rejectUnknown();
                RemediationSettings.Policy p = settings.policy();
                settings = new RemediationSettings(
                        mode == null ? p : new RemediationSettings.Policy(mode, p.playbook()),
                        settings.policies(),
                        limits == null ? settings.limits() : limits,
                        settings.familyLimits());
                causes.forEach((cause, c) -> settings =
                        settings.withPolicy(cause, over(settings.policies().get(cause), c)));
            }
            if (families != null) {
                Fields all = Fields.of(families, "families", errors);
                for (String family : all.keys()) {
                    JsonNode node = all.get(family);
                    String path = all.path(family);
                    if (family.isBlank() || family.contains("/")) {
                        errors.add(path + ": a family name must be non-empty and without '/'");
                        continue;
                    }
                    family(family, Fields.of(node, path, errors));
                }
            }
        }

        private void family(String family, Fields f) {
            RemediationMode mode = mode(f);
            RemediationSettings.Limits limits = limits(f, settings.limits());
            Map<String, RemediationSettings.Policy> causes = causes(f);
            f.rejectUnknown();
            if (mode != null) {
                settings = settings.withPolicy(family, new RemediationSettings.Policy(mode, null));
            }
            if (limits != null && !limits.equals(settings.limits())) {
                settings = settings.withLimits(family, limits);
            }
            causes.forEach((cause, c) -> settings = settings.withPolicy(family + "/" + cause, c));
        }

        private static RemediationSettings.Policy over(RemediationSettings.Policy base, RemediationSettings.Policy p) {
            if (base == null) {
                return p;
            }
            return new RemediationSettings.Policy(
                    p.mode() != null ? p.mode() : base.mode(), p.playbook() != null ? p.playbook() : base.playbook());
        }

        private RemediationMode mode(Fields f) {
            return f.choice("mode", v -> parse(RemediationMode.class, v), MODES, null);
        }

        /** The limits of {@code f} over {@code base}; null (after recording why) when they do not hold together. */
        private RemediationSettings.Limits limits(Fields f, RemediationSettings.Limits base) {
            int maxInProgress = (int) f.integer("maxInProgress", false, 1, Integer.MAX_VALUE, base.maxInProgress());
            int maxPerHour = (int) f.integer("maxPerHour", false, 1, Integer.MAX_VALUE, base.maxPerHour());
            int minNodes = (int) f.integer("minNodes", false, 0, Integer.MAX_VALUE, base.minNodes());
            int maxNodes = (int) f.integer("maxNodes", false, 1, Integer.MAX_VALUE, base.maxNodes());
            Duration approvalExpiry = f.duration("approvalExpiry", Duration.ofSeconds(1), base.approvalExpiry());
            Duration launchTimeout = f.duration("launchTimeout", Duration.ofSeconds(1), base.launchTimeout());
            Duration drain = f.duration("drain", Duration.ZERO, base.drain());
            Duration gcTime = f.duration("gcTime", Duration.ZERO, base.gcTime());
            Duration safetyMargin = f.duration("safetyMargin", Duration.ZERO, base.safetyMargin());
            if (minNodes > maxNodes) {
                errors.add(f.path("maxNodes") + " must be >= minNodes (" + minNodes + "), was " + maxNodes);
                return null;
            }
            try {
                return new RemediationSettings.Limits(
                        maxInProgress,
                        maxPerHour,
                        minNodes,
                        maxNodes,
                        approvalExpiry,
                        launchTimeout,
                        drain,
                        base.stopTimeout(),
                        gcTime,
                        safetyMargin,
                        base.keepFinished(),
                        base.maxAttempts());
            } catch (IllegalArgumentException e) {
                errors.add(f.path() + ": " + e.getMessage());
                return null;
            }
        }

        /** The {@code causes} of {@code f}, by metric name. */
        private Map<String, RemediationSettings.Policy> causes(Fields f) {
            Map<String, RemediationSettings.Policy> out = new LinkedHashMap<>();
            JsonNode node = f.get("causes");
            if (node == null) {
                return out;
            }
            Fields all = Fields.of(node, f.path("causes"), errors);
            for (String cause : all.keys()) {
                JsonNode c = all.get(cause);
                if (Arrays.stream(MetricId.values())
                        .noneMatch(m -> m.metricName().equals(cause))) {
                    errors.add(all.path(cause) + ": unknown metric '" + cause + "'; a cause is a metric's name, e.g. "
                            + "process_count, atom_count, ets_count, memory_total");
                    continue;
                }
                Fields p = Fields.of(c, all.path(cause), errors);
                RemediationMode mode = mode(p);
                Playbook playbook = p.choice("playbook", v -> parse(Playbook.class, v), PLAYBOOKS, null);
                p.rejectUnknown();
                if (playbook == Playbook.GC) {
                    gcKeys.add(p.path("playbook"));
                }
                out.put(cause, new RemediationSettings.Policy(mode, playbook));
            }
            return out;
        }

        private static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
            return Arrays.stream(type.getEnumConstants())
                    .filter(e -> e.name().toLowerCase(Locale.ROOT).equals(name))
                    .findFirst();
        }
    }
}
