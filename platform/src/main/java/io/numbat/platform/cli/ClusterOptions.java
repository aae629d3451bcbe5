package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** The shared connection flags of every command that talks to Kafka. */
public final class ClusterOptions {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = "${env:NUMBAT_BOOTSTRAP_SERVERS}",
            description =
                    "Kafka bootstrap servers (env NUMBAT_BOOTSTRAP_SERVERS). Without it, the embedded broker is started.")
    String bootstrapServers;

    @Option(
            names = "--schema-registry",
            paramLabel = "URL",
            defaultValue = "${env:NUMBAT_SCHEMA_REGISTRY}",
            description = "Confluent-compatible schema registry base URL, e.g. http://host:8080/apis/ccompat/v7 "
                    + "(env NUMBAT_SCHEMA_REGISTRY). Without it, the embedded Apicurio Registry is started.")
    String schemaRegistry;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            defaultValue = "${env:NUMBAT_KAFKA_CONFIG}",
            description = "Kafka client properties applied to every client of this command (security.protocol, "
                    + "sasl.*, ssl.*, ...; env NUMBAT_KAFKA_CONFIG). bootstrap.servers in it is ignored.")
    Path kafkaConfig;

    /** The client properties of --kafka-config, or none; fails naming the file when it cannot be read. */
    Map<String, String> clientOverrides() {
        if (kafkaConfig == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(kafkaConfig)) {
            p.load(in);
        } catch (IOException e) {
            throw new PlatformException("--kafka-config " + kafkaConfig + " cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().stream()
                .filter(k -> !k.equals("bootstrap.servers"))
                .forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    boolean external() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }
}
