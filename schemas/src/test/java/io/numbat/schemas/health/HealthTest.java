package io.numbat.schemas.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthTest {
    @Test
    void upOnlyWhenLiveAndReady() {
        Health up = new Health(true, true, Map.of());
        Health starting = new Health(true, false, Map.of());
        Health dead = new Health(false, true, Map.of());
        assertThat(up.status()).isEqualTo("UP");
        assertThat(up.httpStatus(Health.Probe.ALL)).isEqualTo(200);
        assertThat(starting.status()).isEqualTo("DOWN");
        assertThat(starting.httpStatus(Health.Probe.ALL)).isEqualTo(503);
        assertThat(starting.httpStatus(Health.Probe.LIVE)).isEqualTo(200);
        assertThat(starting.httpStatus(Health.Probe.READY)).isEqualTo(503);
        assertThat(dead.ready()).as("a dead component is never ready").isFalse();
        assertThat(dead.httpStatus(Health.Probe.LIVE)).isEqualTo(503);
    }

    @Test
    void combinedHealthNeedsEveryPart() throws Exception {
        Health h = Health.allOf(
                Map.of("a", new Health(true, true, Map.of("lag", 0)), "b", new Health(true, false, Map.of("lag", 7))));
        assertThat(h.live()).isTrue();
        assertThat(h.ready()).isFalse();
        JsonNode json = new ObjectMapper().readTree(h.toJson());
        assertThat(json.get("status").asText()).isEqualTo("DOWN");
        assertThat(json.at("/checks/b/lag").asLong()).isEqualTo(7);
        assertThat(json.at("/checks/b/ready").asBoolean()).isFalse();
    }

    @Test
    void serverAnswersJsonWith200Or503AndKnowsOnlyTheHealthPaths() throws Exception {
        AtomicReference<Health> now = new AtomicReference<>(new Health(true, false, Map.of("streams", "REBALANCING")));
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, now::get)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> all = get(http, server, "/health");
            assertThat(all.statusCode()).isEqualTo(503);
            assertThat(all.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new ObjectMapper()
                            .readTree(all.body())
                            .at("/checks/streams")
                            .asText())
                    .isEqualTo("REBALANCING");
            assertThat(get(http, server, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(http, server, "/health/ready").statusCode()).isEqualTo(503);
            now.set(new Health(true, true, Map.of()));
            assertThat(get(http, server, "/health").statusCode()).isEqualTo(200);
            assertThat(get(http, server, "/health/other").statusCode()).isEqualTo(404);
            now.set(null);
            HttpResponse<String> broken = get(http, server, "/health");
            assertThat(broken.statusCode())
                    .as("a failing check is a 503, not a dropped connection")
                    .isEqualTo(503);
        }
    }

    @Test
    void serverAnswersMetricsInThePrometheusTextFormatAndAFailingScrapeWith500() throws Exception {
        AtomicReference<String> text = new AtomicReference<>("# TYPE numbat_up gauge\nnumbat_up 1.0\n");
        try (HealthServer server =
                HealthServer.start("127.0.0.1", 0, () -> new Health(true, true, Map.of()), text::get)) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(server.metricsUrl()).endsWith(":" + server.port() + "/metrics");
            HttpResponse<String> metrics = get(http, server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(HealthServer.METRICS_CONTENT_TYPE);
            assertThat(metrics.body()).contains("numbat_up 1.0");
            assertThat(get(http, server, "/health").statusCode())
                    .as("health beside metrics")
                    .isEqualTo(200);
            assertThat(get(http, server, "/metrics/other").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(URI.create(server.metricsUrl()))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            text.set(null);
            HttpResponse<String> broken = get(http, server, "/metrics");
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(broken.body()).contains("no metrics");
        }
    }

    @Test
    void withoutMetricsThereIsNoMetricsPath() throws Exception {
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, () -> new Health(true, true, Map.of()))) {
            assertThat(get(HttpClient.newHttpClient(), server, "/metrics").statusCode())
                    .isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(HttpClient http, HealthServer server, String path) throws Exception {
        URI uri = URI.create(server.url().replace("/health", path));
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
