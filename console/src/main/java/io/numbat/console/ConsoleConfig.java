package io.numbat.console;

import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's settings: where it listens, where Kafka and the registry are, the access token, and
 * how many SSE messages per second a browser may receive. Bound anywhere but loopback it needs a token.
 *
 * @param port 0 picks a free port
 * @param token required as {@code Authorization: Bearer <token>} by actions, and by every request
 *     but {@code /health} when the console is not bound to loopback
 * @param deployerUrl the deployer's REST API ({@code http://127.0.0.1:PORT}), where scale requests go;
 *     empty: the console cannot scale (503)
 * @param deployerToken the deployer's token, sent with scale requests when it has one
 * @param operatorToken signs the operator's actions (gc, kill) the console publishes on {@code numbat.actions};
 *     empty: the console cannot act (its action buttons are disabled, {@code POST .../actions} is 403)
 * @param commandTimeout how long the console waits for an agent's answer to a process query or an action
 */
public record ConsoleConfig(
        String host,
        int port,
        ClusterConnection cluster,
        SchemaRegistryClient registry,
        Optional<String> token,
        int sseMessagesPerSecond,
        Optional<URI> deployerUrl,
        Optional<String> deployerToken,
        Optional<String> operatorToken,
        Duration commandTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_SSE_MESSAGES_PER_SECOND = 4;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(15);

    public ConsoleConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(deployerUrl, "deployerUrl");
        Objects.requireNonNull(deployerToken, "deployerToken");
        Objects.requireNonNull(operatorToken, "operatorToken");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (operatorToken.isPresent() && operatorToken.get().isBlank()) {
            throw new IllegalArgumentException("the operator token must not be blank");
        }
        if (commandTimeout.toMillis() < 100 || commandTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("the command timeout must be 100 ms to 10 min, got " + commandTimeout);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("the console's host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the console's port must be 0-65535, got " + port);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the console's token must not be blank");
        }
        if (sseMessagesPerSecond < 1 || sseMessagesPerSecond > 1000) {
            throw new IllegalArgumentException("SSE messages per second must be 1-1000, got " + sseMessagesPerSecond);
        }
        deployerUrl.ifPresent(u -> {
            if (!"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("the deployer's URL must be http://HOST:PORT, got " + u);
            }
        });
        if (token.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException("the console bound to " + host + " (not loopback) requires a token");
        }
    }

    /** Loopback, a free port, no token, 4 SSE messages per second, no operator token, 15 s for an agent's answer. */
    public static ConsoleConfig of(ClusterConnection cluster, SchemaRegistryClient registry) {
        return new ConsoleConfig(
                DEFAULT_HOST,
                0,
                cluster,
                registry,
                Optional.empty(),
                DEFAULT_SSE_MESSAGES_PER_SECOND,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_COMMAND_TIMEOUT);
    }

    public ConsoleConfig withHost(String h) {
        return new ConsoleConfig(
                h,
                port,
                cluster,
                registry,
                token,
                sseMessagesPerSecond,
                deployerUrl,
                deployerToken,
                operatorToken,
                commandTimeout);
    }

    public ConsoleConfig withPort(int p) {
        return new ConsoleConfig(
                host,
                p,
                cluster,
                registry,
                token,
                sseMessagesPerSecond,
                deployerUrl,
                deployerToken,
                operatorToken,
                commandTimeout);
    }

    public ConsoleConfig withToken(String t) {
        return withHostAndToken(host, t);
    }

    /** Bind elsewhere and set the token in one step (a non-loopback host needs the token). */
    public ConsoleConfig withHostAndToken(String h, String t) {
        return new ConsoleConfig(
                h,
                port,
                cluster,
                registry,
                Optional.of(t),
                sseMessagesPerSecond,
                deployerUrl,
                deployerToken,
                operatorToken,
                commandTimeout);
    }

    public ConsoleConfig withSseMessagesPerSecond(int n) {
        return new ConsoleConfig(
                host, port, cluster, registry, token, n, deployerUrl, deployerToken, operatorToken, commandTimeout);
    }

    /** Where scale requests go: the deployer's REST API, e.g. {@code http://127.0.0.1:8081}. */
    public ConsoleConfig withDeployerUrl(URI url) {
        return new ConsoleConfig(
                host,
                port,
                cluster,
                registry,
                token,
                sseMessagesPerSecond,
                Optional.of(url),
                deployerToken,
                operatorToken,
                commandTimeout);
    }

    /** The token the deployer's REST API asks for (its {@code --token}). */
    public ConsoleConfig withDeployerToken(String t) {
        return new ConsoleConfig(
                host,
                port,
                cluster,
                registry,
                token,
                sseMessagesPerSecond,
                deployerUrl,
                Optional.of(t),
                operatorToken,
                commandTimeout);
    }

    /** The operator token the console signs actions with (the agents check it; it never goes on a topic). */
    public ConsoleConfig withOperatorToken(String t) {
        return new ConsoleConfig(
                host,
                port,
                cluster,
                registry,
                token,
                sseMessagesPerSecond,
                deployerUrl,
                deployerToken,
                Optional.of(t),
                commandTimeout);
    }

    /** How long to wait for an agent's answer to a process query or an action. */
    public ConsoleConfig withCommandTimeout(Duration d) {
        return new ConsoleConfig(
                host,
                port,
                cluster,
                registry,
                token,
                sseMessagesPerSecond,
                deployerUrl,
                deployerToken,
                operatorToken,
                d);
    }

    /** Says which tokens are set, never what they are. */
    @Override
    public String toString() {
        return "ConsoleConfig[host=" + host + ", port=" + port + ", token=" + (token.isPresent() ? "set" : "none")
                + ", deployerUrl=" + deployerUrl.map(URI::toString).orElse("none") + ", deployerToken="
                + (deployerToken.isPresent() ? "set" : "none") + ", operatorToken="
                + (operatorToken.isPresent() ? "set" : "none") + ", commandTimeout=" + commandTimeout + "]";
    }

    /** Whether the console listens on loopback only. */
    public boolean loopbackOnly() {
        return isLoopback(host);
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
