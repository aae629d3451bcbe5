package io.numbat.platform;

import io.numbat.platform.kafka.EmbeddedKafka;
import io.numbat.platform.kafka.KafkaBrokers;
import io.numbat.platform.kafka.LocalKafkaCluster;
import io.numbat.platform.registry.EmbeddedRegistry;
import io.numbat.schemas.topic.ClusterConnection;
import java.nio.file.Path;

/**
 * The embedded default: a real KRaft broker (in-process; or a cluster of broker processes) and a
 * real Apicurio Registry on loopback, with data under one directory. The demo, {@code numbat
 * platform} and the integration tests all start it here.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private final KafkaBrokers kafka;
    private final EmbeddedRegistry registry;

    private EmbeddedPlatform(KafkaBrokers kafka, EmbeddedRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
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
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort, Path apicurioHome, int brokers) {
        EmbeddedRegistry registry = new EmbeddedRegistry(apicurioHome, dataDir.resolve("registry"), registryPort);
        KafkaBrokers kafka = null;
        try {
            registry.start();
            if (brokers == 1) {
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
            throw new io.numbat.platform.PlatformException("interrupted while the Kafka cluster started", e);
        }
        return new EmbeddedPlatform(kafka, registry);
    }

    public ClusterConnection connection() {
        return new ClusterConnection(kafka.bootstrapServers(), registry.ccompatUrl());
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
