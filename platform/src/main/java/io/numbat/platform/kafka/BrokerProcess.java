package io.numbat.platform.kafka;

import io.numbat.platform.ParentWatch;
import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker (broker and controller roles) of a {@link LocalKafkaCluster}, run as a child JVM
 * ({@code kafka.Kafka server.properties}, under {@link ParentWatch}) from the same Maven artifacts, so
 * that it can be killed with SIGKILL like a crashed machine and started again on its data; it ends
 * with the platform that started it.
 */
final class BrokerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);

    private final int nodeId;
    private final Path configFile;
    private final Path logFile;
    private final String bootstrap;
    private Process process;

    BrokerProcess(int nodeId, Path configFile, Path logFile, String bootstrap) {
        this.nodeId = nodeId;
        this.configFile = configFile;
        this.logFile = logFile;
        this.bootstrap = bootstrap;
    }

    int nodeId() {
        return nodeId;
    }

    String bootstrapServer() {
        return bootstrap;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    void start() {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ParentWatch.class.getName(),
                "kafka.Kafka",
                configFile.toString());
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new PlatformException("cannot start Kafka broker " + nodeId + ": " + e.getMessage(), e);
        }
        LOG.info("Kafka broker {} starting on {} (pid {}, log {})", nodeId, bootstrap, process.pid(), logFile);
    }

    /** SIGKILL, as a crash: no controlled shutdown, nothing flushed. */
    void kill() throws InterruptedException {
        if (alive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            LOG.info("Kafka broker {} killed", nodeId);
        }
    }

    /** SIGTERM: a controlled shutdown begins. */
    void signalStop() {
        if (alive()) {
            process.destroy();
        }
    }

    /** Waits for the stop {@link #signalStop} began, then SIGKILL after {@code seconds}. */
    void awaitStop(long seconds) throws InterruptedException {
        if (process != null && !process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            LOG.info("Kafka broker {} killed after {} s of controlled shutdown", nodeId, seconds);
        } else if (process != null) {
            LOG.info("Kafka broker {} stopped", nodeId);
        }
    }
}
