package io.numbat.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.numbat.agent.scrape.ScrapeTarget;
import io.numbat.schemas.config.ConfigException;
import io.numbat.schemas.config.ConfigTree;
import io.numbat.schemas.config.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration file of {@code numbat scrape --config FILE} (YAML, or JSON when the name ends in {@code .json}):
 * the Prometheus text endpoints to scrape, each with its {@code url}, the {@code node} and {@code family} its batches
 * carry, its {@code interval} and the {@code labels} that pick one series when several match. Checked completely at
 * start-up like the agent's: every error names its key path ({@code targets[1].url}), unknown keys are errors.
 */
public final class ScrapeConfig {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final String DEFAULT_FAMILY = "beam";

    private ScrapeConfig() {}

    /**
     * Reads and checks {@code file}.
     *
     * @throws ConfigException naming every problem
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<ScrapeTarget> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scrape configuration " + file + ": " + e.getMessage(), e);
        }
        return parse(text, ConfigTree.isJson(file), file.toString());
    }

    public static List<ScrapeTarget> parse(String text, boolean json, String source) {
        JsonNode root = ConfigTree.parse(text, json, source);
        List<String> errors = new ArrayList<>();
        Fields top = Fields.of(root, "", errors);
        JsonNode targets = top.required("targets");
        top.rejectUnknown();
        List<ScrapeTarget> out = new ArrayList<>();
        if (targets != null && (!targets.isArray() || targets.isEmpty())) {
            errors.add("targets must be a non-empty list of targets, was " + targets);
        } else if (targets != null) {
            Set<String> nodes = new HashSet<>();
            for (int i = 0; i < targets.size(); i++) {
                String path = "targets[" + i + "]";
                ScrapeTarget t = target(targets.get(i), path, errors);
                if (t != null && !nodes.add(t.node())) {
                    errors.add(path + ".node: '" + t.node() + "' is already scraped by another target");
                } else if (t != null) {
                    out.add(t);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return out;
    }

    private static ScrapeTarget target(JsonNode node, String path, List<String> errors) {
        int before = errors.size();
        Fields f = Fields.of(node, path, errors);
        String urlText = f.string("url", true);
        URI url = null;
        if (urlText != null) {
            url = url(urlText);
            if (url == null) {
                f.error(f.path("url") + " must be an http:// or https:// URL with a host, was '" + urlText + "'");
            }
        }
        String nodeId = f.string("node", false);
        String family = f.string("family", false);
        Duration interval = f.duration("interval", Duration.ofMillis(100), DEFAULT_INTERVAL);
        Map<String, String> labels = f.labels("labels");
        f.rejectUnknown();
        if (errors.size() > before) {
            return null;
        }
        return new ScrapeTarget(
                url,
                nodeId == null ? ScrapeTarget.defaultNode(url) : nodeId,
                family == null ? DEFAULT_FAMILY : family,
                interval,
                labels);
    }

    private static URI url(String text) {
        try {
            URI u = new URI(text);
            boolean http = "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme());
            return http && u.getHost() != null ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
