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

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:NUMBAT_KAFKA_CONFIG}",
            description = "Kafka client properties applied to every client of this command (security.protocol, "
                    + "sasl.*, ssl.*, ...; env NUMBAT_KAFKA_CONFIG). bootstrap.servers in it is ignored.")
    java.nio.file.Path kafkaConfig;

    /** The client properties of --kafka-config, or none; fails naming the file when it cannot be read. */
    java.util.Map<String, String> clientOverrides() {
        if (kafkaConfig == null) {
            return java.util.Map.of();
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(kafkaConfig)) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new io.numbat.platform.PlatformException("--kafka-config " + kafkaConfig + " cannot be read: " + e.getMessage());
        }
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> !k.equals("bootstrap.servers")).forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    boolean external() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }
}
