package io.numbat.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.numbat.agent.erlang.ClusterSpec;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.config.ConfigTree;
import io.numbat.schemas.config.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's configuration file ({@code numbat agent --config FILE}, YAML or JSON): the clusters one agent watches,
 * each with its seeds, cookie file, families by node-name pattern, interval and collectors. Checked completely at
 * start-up like the deployer's: every error names its key path ({@code clusters[1].seeds[0]}), unknown keys are
 * errors, and a cookie written in the file is refused.
 */
public final class AgentConfig {
    private AgentConfig() {}

    /**
     * Reads and checks {@code file} (JSON when it ends in {@code .json}, else YAML); a relative {@code cookieFile} is
     * relative to the file's directory.
     *
     * @throws ConfigException naming every problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<ClusterSpec> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent configuration " + file + ": " + e.getMessage(), e);
        }
        boolean json = ConfigTree.isJson(file);
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, json, dir, file.toString());
    }

    /** Reads and checks a configuration; cookie files are relative to {@code dir}. */
    public static List<ClusterSpec> parse(String text, boolean json, Path dir, String source) {
        JsonNode root = ConfigTree.parse(text, json, source);
        List<String> errors = new ArrayList<>();
        Fields top = Fields.of(root, "", errors);
        JsonNode clusters = top.required("clusters");
        top.rejectUnknown();
        List<ClusterSpec> specs = new ArrayList<>();
        if (clusters != null && (!clusters.isArray() || clusters.isEmpty())) {
            errors.add("clusters must be a non-empty list of clusters, was " + clusters);
        } else if (clusters != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < clusters.size(); i++) {
                String path = "clusters[" + i + "]";
                ClusterSpec spec = ClusterReader.read(clusters.get(i), path, i, dir, errors);
                if (spec != null && !names.add(spec.name())) {
                    errors.add(path + ".name: duplicate cluster name '" + spec.name() + "'");
                } else if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return specs;
    }
}
