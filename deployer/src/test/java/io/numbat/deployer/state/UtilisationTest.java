package io.numbat.deployer.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtilisationTest {
    private static MetricBatch batch(String node, long sequence, Sample... samples) {
        return MetricBatch.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setTimestamp(Instant.EPOCH)
                .setSequence(sequence)
                .setSamples(List.of(samples))
                .build();
    }

    private static Sample sample(MetricId id, double value) {
        return Sample.newBuilder().setMetric(id.id()).setValue(value).build();
    }

    @Test
    void keepsEachNodesLatestSchedulerUtilisation() {
        Utilisation u = new Utilisation();
        u.record(batch("web-1", 1, sample(MetricId.PROCESS_COUNT, 900), sample(MetricId.SCHEDULER_UTILISATION, 0.8)));
        u.record(batch("web-1", 2, sample(MetricId.SCHEDULER_UTILISATION, 0.3)));
        u.record(batch("web-2", 1, sample(MetricId.PROCESS_COUNT, 100)));

        assertThat(u.of("web-1")).isEqualTo(0.3);
        assertThat(u.of("web-2")).as("no utilisation reported").isZero();
        u.forget("web-1");
        assertThat(u.of("web-1")).isZero();
    }
}
