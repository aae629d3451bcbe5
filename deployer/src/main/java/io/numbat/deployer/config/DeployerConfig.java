package io.numbat.deployer.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployer's configuration file: the providers that can run nodes and the node families to run.
 * Checked completely at load time; every error names its key path, and unknown keys are errors so
 * typos surface at start-up.
 */
public record DeployerConfig(List<ProviderConfig> providers, Map<String, FamilyConfig> families) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public DeployerConfig {
        providers = List.copyOf(providers);
        families = Collections.unmodifiableMap(new LinkedHashMap<>(families));
    }

    /** Reads and checks the JSON file at {@code file}; throws {@link ConfigException} naming every problem. */
    public static DeployerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployer configuration " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Reads and checks a JSON configuration; throws {@link ConfigException} naming every problem. */
    public static DeployerConfig parse(String json) {
        return parse(json, "deployer configuration");
    }

    private static DeployerConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of("line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source, List.of("the configuration is empty"));
        }
        List<String> errors = new ArrayList<>();
        Fields top = Fields.of(root, "", errors);
        List<ProviderConfig> providers = providers(top.required("providers"), errors);
        Map<String, FamilyConfig> families = families(top.required("families"), errors);
        top.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return new DeployerConfig(providers, families);
    }

    private static List<ProviderConfig> providers(JsonNode node, List<String> errors) {
        List<ProviderConfig> providers = new ArrayList<>();
        if (node == null) {
            return providers;
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add("providers must be a non-empty list of providers, was " + node);
            return providers;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            ProviderConfig p = ProviderReader.read(node.get(i), "providers[" + i + "]", errors);
            if (p != null && !names.add(p.name())) {
                errors.add("providers[" + i + "].name: duplicate provider name '" + p.name() + "'");
            }
            if (p != null) {
                providers.add(p);
            }
        }
        return providers;
    }

    private static Map<String, FamilyConfig> families(JsonNode node, List<String> errors) {
        Map<String, FamilyConfig> families = new LinkedHashMap<>();
        if (node == null) {
            return families;
        }
        if (!node.isObject() || node.isEmpty()) {
            errors.add("families must be a non-empty object of families by name, was " + node);
            return families;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            FamilyConfig f = FamilyReader.read(e.getKey(), e.getValue(), "families." + e.getKey(), errors);
            if (f != null) {
                families.put(f.name(), f);
            }
        }
        return families;
    }

    /** The provider called {@code name}. */
    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The family called {@code name}. */
    public Optional<FamilyConfig> family(String name) {
        return Optional.ofNullable(families.get(name));
    }
}
