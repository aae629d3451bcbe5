package io.numbat.platform.kafka;

import io.numbat.platform.PlatformException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import kafka.tools.StorageTool;

/**
 * The files of one KRaft node's directory, as the embedded broker and each broker of a local cluster
 * keep them: {@code server.properties} (rewritten at every start) and the log under
 * {@code kafka-logs}, formatted once.
 */
final class KraftNodeFiles {
    private KraftNodeFiles() {}

    static Path logDir(Path nodeDir) {
        return nodeDir.resolve("kafka-logs");
    }

    static boolean formatted(Path nodeDir) {
        return Files.exists(logDir(nodeDir).resolve("meta.properties"));
    }

    /** The configuration of a formatted node (its ports are reused), or empty properties. */
    static Properties previousConfig(Path nodeDir) {
        Path file = nodeDir.resolve("server.properties");
        return Files.isRegularFile(file) && formatted(nodeDir) ? read(file) : new Properties();
    }

    /** The cluster id a formatted node belongs to. */
    static Optional<String> clusterId(Path nodeDir) {
        return formatted(nodeDir)
                ? Optional.ofNullable(
                        read(logDir(nodeDir).resolve("meta.properties")).getProperty("cluster.id"))
                : Optional.empty();
    }

    static Path writeConfig(Path nodeDir, Properties props) {
        Path file = nodeDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "written by numbat on every start; edits are overwritten");
        } catch (IOException e) {
            throw new PlatformException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Formats the node's storage for {@code clusterId} with Kafka's storage tool. */
    static void format(Path nodeDir, Path config, String clusterId, String... options) {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args.toArray(String[]::new), ps);
        }
        if (rc != 0) {
            throw new PlatformException("formatting Kafka storage in " + nodeDir + " failed: "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new PlatformException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }
}
