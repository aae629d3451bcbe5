package io.numbat.platform.cli;

import picocli.CommandLine.Option;

/** The shared connection flags of every command that talks to Kafka. */
public final class ClusterOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:NUMBAT_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env NUMBAT_BOOTSTRAP_SERVERS). Without it, the embedded broker is started.")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "URL",
            defaultValue = "${env:NUMBAT_SCHEMA_REGISTRY}",
            description = "Confluent-compatible schema registry base URL, e.g. http://host:8080/apis/ccompat/v7 "
                    + "(env NUMBAT_SCHEMA_REGISTRY). Without it, the embedded Apicurio Registry is started.")
    String schemaRegistry;

    boolean external() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }
}
