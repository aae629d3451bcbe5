package io.numbat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentWindowTest {
    private static final AgentWindow BASELINE = new AgentWindow(0, 60, 0.6, 150, 152, 6, 6, 0.012, 2.0, 2.5);
    private static final AgentWindow TEN = new AgentWindow(10, 60, 3.0, 190, 192, 60, 60, 0.6, 3.0, 3.5);

    @Test
    void aNodesShareIsTheDifferenceToTheBaselineDividedByTheNodes() {
        AgentWindow.PerNode p = TEN.perNode(BASELINE);
        assertThat(TEN.cpuMsPerSecond()).isCloseTo(50, within(1e-9));
        assertThat(BASELINE.cpuMsPerSecond()).isCloseTo(10, within(1e-9));
        assertThat(p.cpuMsPerSecond()).isCloseTo(4, within(1e-9));
        assertThat(p.rssMb()).isCloseTo(4, within(1e-9));
        assertThat(TEN.collectMs()).isCloseTo(10, within(1e-9));
        assertThatThrownBy(() -> BASELINE.perNode(BASELINE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResultLineCarriesTheNodesTheirShareAndTheBaseline() {
        assertThat(TEN.result(BASELINE, 10))
                .isEqualTo("RESULT agent nodes=10 cpu_ms_per_node_per_s=4.000 cpu_ms_per_node_per_tick=40.00 "
                        + "rss_mb=192.0 rss_mb_per_node=4.00 cpu_ms_per_s=50.00 base_cpu_ms_per_s=10.00 "
                        + "base_rss_mb=152.0 collect_ms_per_node=10.00 batches_per_s=1.00 load1=3.50");
        assertThat(BASELINE.describe("baseline")).contains("0.60 s", "10.00 ms/s", "1.00 % of one core", "152.0 MB");
    }

    @Test
    void theAgentsMetersAreReadFromItsPrometheusText() throws Exception {
        AgentMeters m = AgentMeters.of("""
                # HELP numbat_publisher_batches_sent_total Metric batches Kafka acknowledged
                # TYPE numbat_publisher_batches_sent_total counter
                numbat_publisher_batches_sent_total 42.0
                # TYPE numbat_agent_collection_seconds summary
                numbat_agent_collection_seconds_count{node="a@localhost",} 3.0
                numbat_agent_collection_seconds_sum{node="a@localhost",} 0.03
                numbat_agent_collection_seconds_count{node="b@localhost",} 2.0
                numbat_agent_collection_seconds_sum{node="b@localhost",} 0.01
                numbat_agent_collection_seconds_count{node="c@localhost",} 0.0
                numbat_agent_collection_seconds_sum{node="c@localhost",} 0.0
                jvm_threads_live_threads 31.0
                """);
        assertThat(m.batchesSent()).isEqualTo(42);
        assertThat(m.collections()).isEqualTo(5);
        assertThat(m.collectSeconds()).isCloseTo(0.04, within(1e-9));
        assertThat(m.nodesCollected()).isEqualTo(Set.of("a@localhost", "b@localhost"));
    }
}
