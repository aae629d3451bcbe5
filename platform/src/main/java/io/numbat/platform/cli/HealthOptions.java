package io.numbat.platform.cli;

import io.numbat.schemas.health.Health;
import io.numbat.schemas.health.HealthServer;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --http-port}/{@code --http-host} of a command that has no HTTP server of its own: where
 * its {@code GET /health} is served.
 */
final class HealthOptions {
    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description =
                    "Port of GET /health (and /health/live, /health/ready) (0 picks a free one; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address of the health endpoint (default ${DEFAULT-VALUE}).")
    String httpHost;

    /** Serves {@code health} until the closer closes, and prints {@code health=URL}. */
    void serve(Closer closer, Supplier<Health> health) {
        HealthServer server = closer.add(HealthServer.start(httpHost, httpPort, health));
        System.out.println("health=" + server.url());
    }
}
