package io.numbat.platform;

import io.numbat.platform.kafka.EmbeddedKafka;
import io.numbat.platform.kafka.KafkaBrokers;
import io.numbat.platform.kafka.LocalKafkaCluster;
import io.numbat.platform.registry.EmbeddedRegistry;
import io.numbat.platform.security.PlatformSecurity;
import io.numbat.schemas.topic.ClusterConnection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default: a real KRaft broker (in-process; or a cluster of broker processes) and a
 * real Apicurio Registry on loopback, with data under one directory. The demo, {@code numbat
 * platform} and the integration tests all start it here.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private final KafkaBrokers kafka;
    private final EmbeddedRegistry registry;
    private final PlatformSecurity security;

    private EmbeddedPlatform(KafkaBrokers kafka, EmbeddedRegistry registry, PlatformSecurity security) {
        this.kafka = kafka;
        this.registry = registry;
        this.security = security;
    }

    /**
     * Starts the registry and the broker (ports 0 pick free ones). If either fails, whatever
     * started is stopped again before the error is thrown.
     */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort, Path apicurioHome) {
        return start(dataDir, kafkaPort, registryPort, apicurioHome, 1);
    }

    /**
     * As {@link #start(Path, int, int, Path)}, with {@code brokers} brokers: one runs in-process,
     * more run as a {@link LocalKafkaCluster} of child processes (data under {@code kafka-cluster}).
     */
    public static EmbeddedPlatform start(
            Path dataDir, int kafkaPort, int registryPort, Path apicurioHome, int brokers) {
        return start(dataDir, kafkaPort, registryPort, apicurioHome, brokers, false);
    }

    /**
     * As {@link #start(Path, int, int, Path, int)}; {@code secured} starts a single broker with
     * SASL_SSL, SCRAM users per component and ACLs (see {@link PlatformSecurity}).
     */
    public static EmbeddedPlatform start(
            Path dataDir, int kafkaPort, int registryPort, Path apicurioHome, int brokers, boolean secured) {
        EmbeddedRegistry registry = new EmbeddedRegistry(apicurioHome, dataDir.resolve("registry"), registryPort);
        KafkaBrokers kafka = null;
        PlatformSecurity security = null;
        try {
            registry.start();
            if (secured && brokers == 1) {
                security = PlatformSecurity.prepare(dataDir.resolve("security"));
                EmbeddedKafka broker = new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort, security.tls());
                kafka = broker;
                broker.start();
                security.provision(broker.internalBootstrapServers(), broker.bootstrapServers());
            } else if (secured) {
                security = PlatformSecurity.prepare(dataDir.resolve("security"));
                LocalKafkaCluster cluster =
                        new LocalKafkaCluster(dataDir.resolve("kafka-cluster"), brokers, kafkaPort, security.tls());
                kafka = cluster;
                cluster.start();
                security.provision(cluster.internalBootstrapServers(), cluster.bootstrapServers());
            } else if (brokers == 1) {
                kafka = new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort).start();
            } else {
                LocalKafkaCluster cluster = new LocalKafkaCluster(dataDir.resolve("kafka-cluster"), brokers, kafkaPort);
                kafka = cluster;
                cluster.start();
            }
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            registry.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (kafka != null) {
                kafka.close();
            }
            registry.close();
            throw new PlatformException("interrupted while the Kafka cluster started", e);
        }
        return new EmbeddedPlatform(kafka, registry, security);
    }

    /** Where Numbat's components reach the platform; on a secured platform, as its admin user. */
    public ClusterConnection connection() {
        if (security == null) {
            return new ClusterConnection(kafka.bootstrapServers(), registry.ccompatUrl());
        }
        return as(security.adminConfig());
    }

    /** The connection with the client settings of {@code clientConfig} (a secured platform's user file). */
    public ClusterConnection as(Path clientConfig) {
        Map<String, String> overrides = new HashMap<>();
        PlatformSecurity.load(clientConfig).forEach((k, v) -> overrides.put(k.toString(), v.toString()));
        return new ClusterConnection(kafka.bootstrapServers(), registry.ccompatUrl(), overrides);
    }

    /** The security set-up of a secured platform. */
    public Optional<PlatformSecurity> security() {
        return Optional.ofNullable(security);
    }

    public KafkaBrokers kafka() {
        return kafka;
    }

    public EmbeddedRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            registry.close();
        }
    }
}
