package io.numbat.platform.registry;

import io.numbat.platform.ParentWatch;
import io.numbat.platform.PlatformException;
import io.numbat.platform.kafka.DataDirs;
import io.numbat.platform.kafka.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (in-memory storage) run as a child JVM on 127.0.0.1, from the
 * distribution that the build unpacks from Maven Central. Clients use its Confluent-compatible
 * API at {@link #ccompatUrl()}. It runs under {@link ParentWatch}, so it ends with this JVM even
 * when this JVM is killed; it has no shutdown hook of its own, so whoever started it stops it (with
 * {@link #close()}) after the clients that need it.
 */
public final class EmbeddedRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistry.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Path home;
    private final Path logFile;
    private final int port;
    private final int managementPort;
    private Process process;

    /**
     * @param home the unpacked Apicurio distribution (holds {@code apicurio-registry-app-*-runner.jar})
     * @param dataDir where its log file goes
     * @param port HTTP port on 127.0.0.1; 0 picks a free one
     */
    public EmbeddedRegistry(Path home, Path dataDir, int port) {
        this.home = home;
        this.logFile = DataDirs.prepareWritable(dataDir).resolve("apicurio-registry.log");
        this.port = port == 0 ? FreePorts.pick() : FreePorts.requireFree(port, "the schema registry");
        this.managementPort = FreePorts.pick();
    }

    /** The Confluent Schema Registry API base URL, ending in {@code /apis/ccompat/v7}. */
    public String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** Starts the child JVM and waits until the ccompat API answers. */
    public EmbeddedRegistry start() {
        Path runner = ApicurioHome.runnerJar(home);
        List<String> cmd = new ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.console.enable=true",
                "-cp",
                runner + File.pathSeparator + ParentWatch.classPathEntry(),
                ParentWatch.class.getName(),
                mainClass(runner)));
        long start = System.nanoTime();
        try {
            process = new ProcessBuilder(cmd)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new PlatformException("cannot start Apicurio Registry from " + runner + ": " + e.getMessage(), e);
        }
        awaitReady();
        LOG.info(
                "Apicurio Registry (pid {}) ready at {} in {} ms, log in {}",
                process.pid(),
                ccompatUrl(),
                (System.nanoTime() - start) / 1_000_000,
                logFile);
        return this;
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new PlatformException("Apicurio Registry exited with code " + process.exitValue()
                        + " during start-up; see " + logFile);
            }
            try {
                HttpResponse<Void> r = http.send(probe, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new PlatformException("interrupted while waiting for Apicurio Registry");
            }
            sleep(200);
        }
        close();
        throw new PlatformException("Apicurio Registry did not answer on " + ccompatUrl() + " within "
                + READY_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The runner jar's {@code Main-Class} (its {@code Class-Path} still applies when it is on {@code -cp}). */
    private static String mainClass(Path runner) {
        try (JarFile jar = new JarFile(runner.toFile())) {
            String main = jar.getManifest() == null
                    ? null
                    : jar.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new PlatformException(runner + " has no Main-Class in its manifest");
            }
            return main;
        } catch (IOException e) {
            throw new PlatformException("cannot read " + runner + ": " + e.getMessage(), e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void stopProcess() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warn("Apicurio Registry did not stop within 15 s; killing it");
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the child JVM (SIGTERM, then SIGKILL after 15 s); safe to call twice. */
    @Override
    public void close() {
        stopProcess();
        if (process != null) {
            LOG.info("Apicurio Registry stopped");
            process = null;
        }
    }
}
