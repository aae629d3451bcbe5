package io.numbat.agent.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reads a real second JVM through remote JMX, and notices when it goes away. */
class RemoteJvmIT {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void collectsARemoteJvmAndReportsNothingOnceItIsGone() throws Exception {
        int port = freePort();
        Process jvm = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dcom.sun.management.jmxremote.port=" + port,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false",
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Djava.rmi.server.hostname=127.0.0.1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Sleeper.class.getName(),
                        "60000"))
                .inheritIO()
                .start();
        JvmCollector collector = JvmCollector.remote(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi", "remote-jvm", "jvms");
        try {
            Optional<MetricBatch> batch = Optional.empty();
            for (int i = 0; i < 100 && batch.isEmpty(); i++) {
                Thread.sleep(200);
                batch = collector.collect(System.currentTimeMillis());
            }
            assertThat(batch).hasValueSatisfying(b -> {
                assertThat(b.getNode()).isEqualTo("remote-jvm");
                assertThat(b.getSamples()).extracting(s -> s.getMetric()).contains(MetricId.JVM_HEAP_USED.id());
            });
        } finally {
            jvm.destroyForcibly().waitFor();
        }
        assertThat(collector.collect(System.currentTimeMillis())).isEmpty();
        collector.close();
    }
}
