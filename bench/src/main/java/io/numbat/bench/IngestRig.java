package io.numbat.bench;

import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A running platform (broker or brokers, and the registry) and stream processor, each in a child
 * process (started by {@link IngestSetup}), with the clients a benchmark talks to them through.
 */
final class IngestRig implements AutoCloseable {
    private final NumbatProcess platform;
    private final NumbatProcess processor;
    private final SchemaRegistryClient registry;
    private final Admin admin;

    IngestRig(NumbatProcess platform, NumbatProcess processor) {
        this.platform = platform;
        this.processor = processor;
        this.registry = new RestSchemaRegistryClient(cluster().schemaRegistryUrl());
        this.admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster().bootstrapServers()));
    }

    ClusterConnection cluster() {
        return platform.connection();
    }

    SchemaRegistryClient registry() {
        return registry;
    }

    NumbatProcess platform() {
        return platform;
    }

    NumbatProcess processor() {
        return processor;
    }

    /** Snapshots of the processor's progress on {@code numbat.metrics} and of every process's CPU. */
    IngestProbe probe() {
        return new IngestProbe(admin, processor, platform);
    }

    @Override
    public void close() throws Exception {
        try (platform;
                processor;
                registry;
                admin) {
            // closed in reverse order: admin, registry, processor, platform
        }
    }
}
