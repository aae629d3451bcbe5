package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.health.Health;
import io.numbat.schemas.health.HealthServer;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.ClusterConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor's health without a broker: a Streams app that is not running is never ready. */
class ProcessorHealthTest {
    @Test
    void notReadyBeforeRunningAndNotLiveOnceClosed(@TempDir Path state) throws Exception {
        StreamProcessorApp app = new StreamProcessorApp(
                new ClusterConnection("127.0.0.1:1", "http://127.0.0.1:1"),
                new InMemorySchemaRegistry(),
                ProcessorSettings.defaults(state));
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, app::health)) {
            Health created = app.health();
            assertThat(created.live()).isTrue();
            assertThat(created.ready()).isFalse();
            assertThat(created.checks()).containsEntry("streams", "CREATED");
            HttpResponse<String> response = get(server.url());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"status\":\"DOWN\"").contains("\"streams\":\"CREATED\"");
            assertThat(get(server.url() + "/live").statusCode()).isEqualTo(200);

            app.close();
            assertThat(app.health().live()).isFalse();
            assertThat(app.health().checks()).containsEntry("streams", "NOT_RUNNING");
            assertThat(get(server.url() + "/live").statusCode()).isEqualTo(503);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
