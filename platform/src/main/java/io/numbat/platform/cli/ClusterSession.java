package io.numbat.platform.cli;

import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.PlatformException;
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

/**
 * Connects a command to a cluster: the one given by the shared flags, or a freshly started embedded
 * platform. Either way the topics exist and the schemas are registered when {@link #open} returns,
 * and the {@code kafka=} and {@code registry=} lines have been printed.
 */
final class ClusterSession {
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
                throw new PlatformException("--schema-registry (or NUMBAT_SCHEMA_REGISTRY) is required with --bootstrap-servers");
            }
            connection = new ClusterConnection(cluster.bootstrapServers, cluster.schemaRegistry, cluster.clientOverrides());
        } else {
            EmbeddedPlatform platform = closer.add(EmbeddedPlatform.start(dataDir.path(), embedded.kafkaPort,
                    embedded.registryPort, ApicurioHome.locate(), embedded.brokers, embedded.security.equals("sasl_ssl")));
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
        SchemaRegistryClient registry = closer.add(new RestSchemaRegistryClient(connection.schemaRegistryUrl(),
                RestSchemaRegistryClient.DEFAULT_TIMEOUT, access));
        registry.subjects(); // fails fast, naming the URL, if the registry is unreachable
        Map<String, Object> adminConfig = connection.commonConfig("numbat-setup");
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(adminConfig)) {
            awaitBroker(admin, connection.bootstrapServers());
            // embedded: replicated min(3, brokers) times; min.insync.replicas comes from the brokers' default
            new TopicSetup(admin, registry, cluster.external() ? Optional.empty()
                    : Optional.of((short) Math.min(3, embedded.brokers))).ensure(Topics.all());
        }
        return new ClusterSession(connection, registry, dataDir);
    }

    private static void awaitBroker(Admin admin, String bootstrap) throws InterruptedException {
        try {
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new PlatformException("Kafka at " + bootstrap + " is unreachable (no answer within "
                    + Duration.ofSeconds(30).toSeconds() + " s)");
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
