package io.numbat.platform;

import io.numbat.platform.kafka.EmbeddedKafka;
import io.numbat.platform.registry.EmbeddedRegistry;
import io.numbat.schemas.topic.ClusterConnection;
import java.nio.file.Path;

/**
 * The embedded default: a real KRaft broker and a real Apicurio Registry on loopback, with data under
 * one directory. The demo, {@code numbat platform} and the integration tests all start it here.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;

    private EmbeddedPlatform(EmbeddedKafka kafka, EmbeddedRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts the registry and the broker (ports 0 pick free ones). If either fails, whatever
     * started is stopped again before the error is thrown.
     */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort, Path apicurioHome) {
        EmbeddedRegistry registry = new EmbeddedRegistry(apicurioHome, dataDir.resolve("registry"), registryPort);
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort);
        try {
            registry.start();
            kafka.start();
        } catch (RuntimeException e) {
            kafka.close();
            registry.close();
            throw e;
        }
        return new EmbeddedPlatform(kafka, registry);
    }

    public ClusterConnection connection() {
        return new ClusterConnection(kafka.bootstrapServers(), registry.ccompatUrl());
    }

    public EmbeddedKafka kafka() {
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
