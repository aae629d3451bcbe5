package io.numbat.platform.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Posts alerts with the JDK's HTTP client; any answer but 2xx is a failure naming the status and the body. */
public final class HttpAlertSink implements AlertSink {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client;
    private final URI uri;

    public HttpAlertSink(HttpClient client, URI uri) {
        this.client = client;
        this.uri = uri;
    }

    /** An Alertmanager at {@code base} (http://host:9093): its {@code /api/v2/alerts}. */
    public static URI alertmanagerApi(String base) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(b + "/api/v2/alerts");
    }

    @Override
    public CompletableFuture<Void> post(String json) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() / 100 != 2) {
                String body = r.body().length() > 200 ? r.body().substring(0, 200) + "..." : r.body();
                throw new IllegalStateException(
                        new IOException("HTTP " + r.statusCode() + " from " + uri + ": " + body.strip()));
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
