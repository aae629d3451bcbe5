package io.numbat.bench;

import io.numbat.platform.PlatformException;
import io.numbat.schemas.topic.ClusterConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code numbat platform} (broker and registry) in a child JVM, so that a benchmark measures its
 * own process without the broker's CPU and memory in it.
 */
final class PlatformProcess implements AutoCloseable {
    private final Process process;
    private final ClusterConnection connection;

    private PlatformProcess(Process process, ClusterConnection connection) {
        this.process = process;
        this.connection = connection;
    }

    static PlatformProcess start(Path dataDir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")));
        String apicurio = System.getProperty("numbat.apicurio.home");
        if (apicurio != null) {
            cmd.add("-Dnumbat.apicurio.home=" + apicurio);
        }
        cmd.addAll(List.of("io.numbat.platform.cli.Numbat", "platform", "--data-dir", dataDir.toString()));
        Files.createDirectories(dataDir);
        Process p = new ProcessBuilder(cmd).redirectError(dataDir.resolve("platform.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String kafka = null;
        String registry = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("kafka=")) {
                kafka = line.substring(6);
            } else if (line.startsWith("registry=")) {
                registry = line.substring(9);
            } else if (line.equals("numbat ready")) {
                return new PlatformProcess(p, new ClusterConnection(kafka, registry));
            }
        }
        p.destroyForcibly();
        throw new PlatformException("the platform process ended before it was ready; see " + dataDir.resolve("platform.log"));
    }

    ClusterConnection connection() {
        return connection;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
