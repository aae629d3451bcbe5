package io.numbat.platform.it;

import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.RunDirectory;
import io.numbat.platform.registry.ApicurioHome;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.TopicSetup;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real embedded platform (KRaft broker and Apicurio Registry) once per test class, with
 * Numbat's topics and schemas in place, exactly as {@code numbat platform} does.
 */
public final class PlatformExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedPlatform platform;
    private SchemaRegistryClient registry;
    private RunDirectory run;
    private Path dataDir;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        run = RunDirectory.create(
                RunDirectory.defaultParent()); // deleted after the class, or by the next run if killed
        dataDir = run.path();
        platform = EmbeddedPlatform.start(dataDir, 0, 0, ApicurioHome.locate());
        registry = new RestSchemaRegistryClient(platform.connection().schemaRegistryUrl());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            new TopicSetup(admin, registry, Optional.of((short) 1)).ensure(Topics.all());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (platform != null) {
            platform.close();
        }
        if (run != null) {
            run.close();
        }
    }

    public EmbeddedPlatform platform() {
        return platform;
    }

    public String bootstrap() {
        return platform.connection().bootstrapServers();
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public Path dataDir() {
        return dataDir;
    }
}
