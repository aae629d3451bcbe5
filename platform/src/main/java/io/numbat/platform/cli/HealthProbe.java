package io.numbat.platform.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container's health check: {@code java -cp ... io.numbat.platform.cli.HealthProbe URL} exits 0 when {@code GET
 * URL} answers 200 within 5 s, else 1 with the status or error on stderr (2 for a missing or malformed URL). The
 * image is built on scratch, without curl or wget: this runs on its own JRE, without the command line's start-up.
 */
public final class HealthProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HealthProbe() {}

    public static void main(String[] args) {
        System.exit(check(args));
    }

    static int check(String... args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe http://HOST:PORT/health");
            return 2;
        }
        URI uri;
        try {
            uri = URI.create(args[0]);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http URL with a host");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("HealthProbe: " + args[0] + ": " + e.getMessage());
            return 2;
        }
        try {
            HttpResponse<String> r = HttpClient.newBuilder()
                    .connectTimeout(TIMEOUT)
                    .build()
                    .send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return 0;
            }
            System.err.println("HealthProbe: " + uri + " answered " + r.statusCode() + ": " + r.body());
            return 1;
        } catch (IOException e) {
            System.err.println("HealthProbe: " + uri + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
