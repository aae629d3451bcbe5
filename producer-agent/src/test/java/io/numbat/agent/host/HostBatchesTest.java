package io.numbat.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostBatchesTest {
    private static final HostReading READING = new HostReading(
            0.42,
            List.of(0.3, 0.6),
            new double[] {1.5, 1.2, -1},
            16_000,
            6_000,
            0,
            0,
            List.of(new HostReading.FileSystemUse("/", 700, 1_000), new HostReading.FileSystemUse("/var", 10, 100)),
            List.of(new HostReading.InterfaceCounters("eth0", 5_000, 7_000, 1, 0)),
            1_200,
            65_536);

    private static Optional<Double> value(MetricBatch b, MetricId m) {
        return b.getSamples().stream()
                .filter(s -> s.getMetric() == m.id())
                .map(Sample::getValue)
                .findFirst();
    }

    @Test
    void hostBatchCarriesTotalsAndLimits() {
        MetricBatch host = new HostBatches("h1", "hosts").of(READING, 1_000).get(0);
        assertThat(host.getNode()).isEqualTo("h1");
        assertThat(value(host, MetricId.HOST_CPU)).contains(0.42);
        assertThat(value(host, MetricId.HOST_MEMORY_USED)).contains(10_000.0);
        assertThat(value(host, MetricId.HOST_OPEN_FDS)).contains(1_200.0);
        assertThat(value(host, MetricId.HOST_LOAD_15))
                .as("unavailable, left out, not zero")
                .isEmpty();
        assertThat(host.getLimits())
                .extracting(Sample::getMetric)
                .contains(MetricId.HOST_MEMORY_USED.id(), MetricId.HOST_OPEN_FDS.id())
                .doesNotContain(MetricId.HOST_SWAP_USED.id());
    }

    @Test
    void coresFilesystemsAndInterfacesAreSubNodes() {
        List<MetricBatch> all = new HostBatches("h1", "hosts").of(READING, 1_000);
        assertThat(all)
                .extracting(MetricBatch::getNode)
                .containsExactly("h1", "h1/cpu:0", "h1/cpu:1", "h1/fs:/", "h1/fs:/var", "h1/net:eth0");
        MetricBatch root = all.get(3);
        assertThat(value(root, MetricId.HOST_FS_USED)).contains(700.0);
        assertThat(root.getLimits()).containsExactly(new Sample(MetricId.HOST_FS_USED.id(), 1_000.0));
        assertThat(value(all.get(5), MetricId.HOST_NET_BYTES_OUT)).contains(7_000.0);
    }

    @Test
    void eachPartCountsItsOwnSequence() {
        HostBatches batches = new HostBatches("h1", "hosts");
        batches.of(READING, 1_000);
        assertThat(batches.of(READING, 2_000))
                .extracting(MetricBatch::getSequence)
                .containsOnly(1L);
    }

    @Test
    void readsThisHost() {
        HostCollector collector = new HostCollector("this-host", "hosts");
        List<MetricBatch> all = collector.collectAll(1_000);
        assertThat(value(all.get(0), MetricId.HOST_MEMORY_TOTAL))
                .hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(all).extracting(MetricBatch::getNode).anyMatch(n -> n.startsWith("this-host/cpu:"));
    }
}
