package io.numbat.schemas.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The tree of a YAML or JSON configuration file, duplicate keys refused, before its keys are checked with
 * {@link Fields}. Shared by every configuration file Numbat reads (the agent's, {@code numbat scrape}'s, the
 * processor's and its remediations'), so they fail alike on bad syntax.
 */
public final class ConfigTree {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigTree() {}

    /**
     * The root of {@code text} (JSON if {@code json}, else YAML).
     *
     * @throws ConfigException naming {@code source} and the line and column of a syntax error, or an empty file
     */
    public static JsonNode parse(String text, boolean json, String source) {
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : "line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": ";
            throw new ConfigException(source, List.of(where + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source, List.of("the configuration is empty"));
        }
        return root;
    }

    /** Whether {@code file} is read as JSON: its name ends in {@code .json} (any case); anything else is YAML. */
    public static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }
}
