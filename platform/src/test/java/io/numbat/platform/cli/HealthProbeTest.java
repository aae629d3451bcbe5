package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.health.Health;
import io.numbat.schemas.health.HealthServer;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The compose health check: 0 for a component that is up, 1 for one that is not or does not answer. */
class HealthProbeTest {
    @Test
    void upIsZeroDownOrAwayIsOneAndABadUrlTwo() throws Exception {
        AtomicReference<Health> now = new AtomicReference<>(new Health(true, true, Map.of()));
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, now::get)) {
            assertThat(HealthProbe.check(server.url())).isZero();
            now.set(new Health(true, false, Map.of("streams", "REBALANCING")));
            assertThat(HealthProbe.check(server.url())).isEqualTo(1);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(HealthProbe.check("http://127.0.0.1:" + closed + "/health")).isEqualTo(1);
        assertThat(HealthProbe.check("not a url")).isEqualTo(2);
        assertThat(HealthProbe.check()).isEqualTo(2);
    }
}
