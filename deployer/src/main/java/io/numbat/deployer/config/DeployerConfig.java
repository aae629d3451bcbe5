package io.numbat.deployer.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.config.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployer's configuration file: the providers that can run nodes, the node families to run,
 * how launches are retried ({@code launch}), which nodes a scale-in stops ({@code scaleIn}) and how
 * long a stopping node drains first ({@code drain}). Checked completely at load time; every error
 * names its key path, and unknown keys are errors so typos surface at start-up.
 */
public record DeployerConfig(
        List<ProviderConfig> providers,
        Map<String, FamilyConfig> families,
        LaunchSettings launch,
        ScaleInPolicy scaleIn,
        Duration drain) {
    /** How long a node stays STOPPING before its provider stops it, unless configured. */
    public static final Duration DEFAULT_DRAIN = Duration.ZERO;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public DeployerConfig {
        providers = List.copyOf(providers);
        families = Collections.unmodifiableMap(new LinkedHashMap<>(families));
        launch = launch == null ? LaunchSettings.DEFAULTS : launch;
        scaleIn = scaleIn == null ? ScaleInPolicy.NEWEST : scaleIn;
        drain = drain == null ? DEFAULT_DRAIN : drain;
    }

    /** Providers and families with the default launch, scale-in and drain settings. */
    public DeployerConfig(List<ProviderConfig> providers, Map<String, FamilyConfig> families) {
        this(providers, families, null, null, null);
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
            throw new ConfigException(
                    source,
                    List.of("line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source, List.of("the configuration is empty"));
        }
        List<String> errors = new ArrayList<>();
        Fields top = Fields.of(root, "", errors);
        List<ProviderConfig> providers = providers(top.required("providers"), errors);
        Map<String, FamilyConfig> families = families(top.required("families"), errors);
        JsonNode launchNode = top.get("launch");
        LaunchSettings launch =
                launchNode == null ? LaunchSettings.DEFAULTS : launch(Fields.of(launchNode, "launch", errors));
        ScaleInPolicy scaleIn =
                top.choice("scaleIn", ScaleInPolicy::fromConfigName, ScaleInPolicy.known(), ScaleInPolicy.NEWEST);
        Duration drain = top.duration("drain", Duration.ZERO, DEFAULT_DRAIN);
        top.rejectUnknown();
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return new DeployerConfig(providers, families, launch, scaleIn, drain);
    }

    private static LaunchSettings launch(Fields f) {
        LaunchSettings launch = new LaunchSettings(
                f.duration("startTimeout", Duration.ofMillis(1), LaunchSettings.DEFAULT_START_TIMEOUT),
                (int) f.integer("retries", false, 0, 100, LaunchSettings.DEFAULT_RETRIES),
                f.duration("backoff", Duration.ZERO, LaunchSettings.DEFAULT_BACKOFF));
        f.rejectUnknown();
        return launch;
    }

    /** The scale-in policy of {@code family}: its own, else the global one. */
    public ScaleInPolicy scaleIn(String family) {
        return family(family).flatMap(FamilyConfig::scaleIn).orElse(scaleIn);
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
