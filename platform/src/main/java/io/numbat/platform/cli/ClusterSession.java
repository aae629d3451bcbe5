package io.numbat.platform.cli;

import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.PlatformException;
import io.numbat.platform.access.AccessErrors;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.schemas.registry.RegistryAccess;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a command to a cluster: the one given by the shared flags, or a freshly started embedded
 * platform. Either way the topics exist and the schemas are registered when {@link #open} returns,
 * and the {@code kafka=} and {@code registry=} lines have been printed.
 */
final class ClusterSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSession.class);
    private final ClusterConnection connection;
    private final SchemaRegistryClient registry;
    private final DataDirectory dataDir;

    private ClusterSession(ClusterConnection connection, SchemaRegistryClient registry, DataDirectory dataDir) {
        this.connection = connection;
        this.registry = registry;
        this.dataDir = dataDir;
    }

    static ClusterSession open(ClusterOptions cluster, EmbeddedOptions embedded, Closer closer, PrintStream out)
            throws InterruptedException {
        return open(cluster, embedded, closer, out, "numbat");
    }

    /** As above; {@code component} names the command in errors (e.g. a refused login). */
    static ClusterSession open(
            ClusterOptions cluster, EmbeddedOptions embedded, Closer closer, PrintStream out, String component)
            throws InterruptedException {
        DataDirectory dataDir = closer.add(DataDirectory.of(embedded.dataDir));
        ClusterConnection connection;
        if (embedded.brokers < 1) {
            throw new PlatformException("--brokers must be at least 1, was " + embedded.brokers);
        }
        if (!embedded.security.equals("none") && !embedded.security.equals("sasl_ssl")) {
            throw new PlatformException("--security must be none or sasl_ssl, was " + embedded.security);
        }
        if (cluster.external()) {
            if (cluster.schemaRegistry == null || cluster.schemaRegistry.isBlank()) {
                throw new PlatformException(
                        "--schema-registry (or NUMBAT_SCHEMA_REGISTRY) is required with --bootstrap-servers");
            }
            connection =
                    new ClusterConnection(cluster.bootstrapServers, cluster.schemaRegistry, cluster.clientOverrides());
        } else {
            EmbeddedPlatform platform = closer.add(EmbeddedPlatform.start(
                    dataDir.path(),
                    embedded.kafkaPort,
                    embedded.registryPort,
                    ApicurioHome.locate(),
                    embedded.brokers,
                    embedded.security.equals("sasl_ssl")));
            connection = platform.connection();
            platform.security().ifPresent(s -> {
                out.println("client-config=" + s.adminConfig());
                out.println("ca=" + s.caPem());
            });
        }
        out.println("kafka=" + connection.bootstrapServers());
        out.println("registry=" + connection.schemaRegistryUrl());
        out.flush();
        RegistryAccess access;
        try {
            access = RegistryAccess.fromClientSettings(connection.clientOverrides());
        } catch (IllegalArgumentException e) {
            throw new PlatformException("--kafka-config: " + e.getMessage());
        }
        SchemaRegistryClient registry = closer.add(new RestSchemaRegistryClient(
                connection.schemaRegistryUrl(), RestSchemaRegistryClient.DEFAULT_TIMEOUT, access));
        registry.subjects(); // fails fast, naming the URL, if the registry is unreachable
        Map<String, Object> adminConfig = connection.commonConfig("numbat-setup");
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(adminConfig)) {
            awaitBroker(admin, connection, component);
            // embedded: replicated min(3, brokers) times; min.insync.replicas comes from the brokers' default
            new TopicSetup(
                            admin,
                            registry,
                            cluster.external() ? Optional.empty() : Optional.of((short) Math.min(3, embedded.brokers)))
                    .ensure(Topics.all());
        } catch (RuntimeException e) {
            String explained =
                    AccessErrors.explain(e, component, connection.clientOverrides(), connection.bootstrapServers());
            throw explained == null ? e : new PlatformException(explained, e);
        }
        return new ClusterSession(connection, registry, dataDir);
    }

    /**
     * Waits for the cluster, retrying with back-off (1, 2, 4, ... 16 s) for up to two minutes and
     * reporting each failed attempt; a refused login or TLS handshake fails at once, explained.
     */
    private static void awaitBroker(Admin admin, ClusterConnection connection, String component)
            throws InterruptedException {
        String bootstrap = connection.bootstrapServers();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long backoff = 1_000;
        while (true) {
            try {
                admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                String explained = AccessErrors.explain(e, component, connection.clientOverrides(), bootstrap);
                if (explained != null) {
                    throw new PlatformException(explained, e);
                }
                if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw new PlatformException("Kafka at " + bootstrap + " is unreachable (retried for "
                            + Duration.ofMinutes(2).toSeconds() + " s)");
                }
                LOG.warn(
                        "Kafka at {} does not answer yet ({}); retrying in {} s",
                        bootstrap,
                        e.getCause() != null ? e.getCause().getMessage() : "no answer within 15 s",
                        backoff / 1000);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 16_000);
            }
        }
    }

    ClusterConnection connection() {
        return connection;
    }

    SchemaRegistryClient registry() {
        return registry;
    }

    DataDirectory dataDir() {
        return dataDir;
    }
}
