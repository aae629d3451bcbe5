package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.platform.failover.FailoverDrill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's broker failure on three real broker processes: the broker leading
 * {@code numbat.metrics-0} is killed with SIGKILL for 20 s under load; every batch the fleet
 * published is on the topic exactly once and the processor catches up afterwards.
 */
class BrokerFailoverIT {

    @Test
    void aKilledBrokerLosesAndDuplicatesNothing() throws Exception {
        Path dir = Files.createTempDirectory("numbat-failover-it-");
        FailoverDrill.Result r = FailoverDrill.run(
                dir,
                new FailoverDrill.Settings(
                        50,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(15)));
        assertThat(r.published()).as("batches published during the drill").isGreaterThan(50L * 2 * 40);
        assertThat(r.lost()).as("lost batches").isZero();
        assertThat(r.duplicated()).as("duplicated batches").isZero();
    }
}
