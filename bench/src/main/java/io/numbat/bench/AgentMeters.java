package io.numbat.bench;

import io.numbat.agent.scrape.PrometheusFormatException;
import io.numbat.agent.scrape.PrometheusSample;
import io.numbat.agent.scrape.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A reading of a {@code numbat agent}'s {@code GET /metrics}: the batches Kafka acknowledged
 * ({@code numbat_publisher_batches_sent_total}), the collections it timed and their total wall time
 * ({@code numbat_agent_collection_seconds{node}}), and how many nodes have been collected at least once.
 */
record AgentMeters(double batchesSent, double collections, double collectSeconds, Set<String> nodesCollected) {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads the agent whose {@code health=} URL is {@code health} (its {@code /metrics} is next to it). */
    static AgentMeters read(String health) throws IOException, InterruptedException {
        URI metrics = URI.create(health.replaceFirst("/health$", "") + "/metrics");
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + metrics + " answered " + r.statusCode());
        }
        try {
            return of(r.body());
        } catch (PrometheusFormatException e) {
            throw new IOException("GET " + metrics + ": " + e.getMessage(), e);
        }
    }

    /** From the Prometheus text an agent serves. */
    static AgentMeters of(String text) throws PrometheusFormatException {
        double sent = 0;
        double count = 0;
        double sum = 0;
        Set<String> nodes = new HashSet<>();
        for (PrometheusSample s : PrometheusText.parse(text)) {
            switch (s.name()) {
                case "numbat_publisher_batches_sent_total" -> sent += s.value();
                case "numbat_agent_collection_seconds_count" -> {
                    count += s.value();
                    if (s.value() > 0 && s.label("node") != null) {
                        nodes.add(s.label("node"));
                    }
                }
                case "numbat_agent_collection_seconds_sum" -> sum += s.value();
                default -> {}
            }
        }
        return new AgentMeters(sent, count, sum, Set.copyOf(nodes));
    }
}
