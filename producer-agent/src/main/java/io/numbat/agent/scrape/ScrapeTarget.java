package io.numbat.agent.scrape;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One Prometheus text endpoint to scrape ({@code numbat scrape --config FILE}): where, the node id and family its
 * batches carry, how often, and the label values that pick one series when several match.
 */
public record ScrapeTarget(URI url, String node, String family, Duration interval, Map<String, String> labels) {
    public ScrapeTarget {
        labels = Map.copyOf(labels);
    }

    /** The node id a target publishes as when none is given: the URL's {@code host:port}. */
    public static String defaultNode(URI url) {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }
}
