package io.numbat.platform.cli;

import io.numbat.platform.metrics.ComponentMetrics;
import io.numbat.schemas.health.Health;
import io.numbat.schemas.health.HealthServer;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --http-port}/{@code --http-host} of a command that has no HTTP server of its own: where
 * its {@code GET /health} and {@code GET /metrics} are served.
 */
final class HealthOptions {
    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "0",
            converter = PortConverter.class,
            description = "Port of GET /health (and /health/live, /health/ready) and GET /metrics (Prometheus) "
                    + "(0 picks a free one, printed as health=URL; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address of the health and metrics endpoint (default ${DEFAULT-VALUE}; it has no "
                    + "authentication: bind it elsewhere only on a private network).")
    String httpHost;

    /** Serves {@code health} until the closer closes, and prints {@code health=URL}. */
    void serve(Closer closer, Supplier<Health> health) {
        HealthServer server = closer.add(HealthServer.start(httpHost, httpPort, health));
        System.out.println("health=" + server.url());
    }

    /**
     * Serves {@code health} and {@code metrics} (closed after the server) until the closer closes, and prints
     * {@code health=URL}.
     */
    void serve(Closer closer, Supplier<Health> health, ComponentMetrics metrics) {
        closer.add(metrics);
        HealthServer server = closer.add(HealthServer.start(httpHost, httpPort, health, metrics::scrape));
        System.out.println("health=" + server.url());
    }
}
