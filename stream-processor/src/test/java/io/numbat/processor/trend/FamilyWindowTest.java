package io.numbat.processor.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.Sample;
import io.numbat.schemas.trend.TrendWindows;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyWindowTest {
    private static final int PROCESSES = MetricId.PROCESS_COUNT.id();
    private static final int REDUCTIONS = MetricId.REDUCTIONS.id();

    private static WindowTrends node(long start, double... processes) {
        NodeTrends n = new NodeTrends();
        for (int i = 0; i < processes.length; i++) {
            n.add(MetricBatch.newBuilder()
                    .setNode("x")
                    .setFamily("web")
                    .setTimestamp(Instant.ofEpochMilli(start + i * 1_000L))
                    .setSequence(i)
                    .setSamples(List.of(new Sample(PROCESSES, processes[i]), new Sample(REDUCTIONS, 100.0 * i)))
                    .setLimits(List.of())
                    .build());
        }
        return new WindowTrends(start, start + 10_000, n);
    }

    @Test
    void rollsUpEveryMetricOfItsNodes() {
        FamilyWindow w = new FamilyWindow();
        assertThat(w.add(node(0, 100, 200), 1)).isTrue();
        assertThat(w.add(node(0, 300, 400), 2)).isTrue();
        List<MetricTrend> out = TrendWindows.perMetric(w.finish());
        MetricTrend p =
                out.stream().filter(t -> t.getMetric() == PROCESSES).findFirst().orElseThrow();
        assertThat(p.getNode()).isEqualTo("family:web");
        assertThat(p.getMean()).isEqualTo(250);
        assertThat(p.getMin()).isEqualTo(100);
        assertThat(p.getMax()).isEqualTo(400);
        assertThat(p.getCount()).isEqualTo(4);
        assertThat(p.getRate()).as("a gauge has no rate").isNull();
        MetricTrend r = out.stream()
                .filter(t -> t.getMetric() == REDUCTIONS)
                .findFirst()
                .orElseThrow();
        assertThat(r.getRate()).as("the family's total: two nodes at 100/s").isEqualTo(200);
    }

    @Test
    void nodeWindowsOfAPublishedWindowAreLate() {
        FamilyWindow w = new FamilyWindow();
        w.add(node(10_000, 1), 1);
        w.finish();
        assertThat(w.add(node(10_000, 5), 2)).isFalse();
        assertThat(w.add(node(0, 5), 2)).isFalse();
        assertThat(w.open()).isFalse();
        assertThat(w.add(node(20_000, 5), 3)).isTrue();
    }

    @Test
    void aLaterNodeWindowFinishesTheCurrentOne() {
        FamilyWindow w = new FamilyWindow();
        w.add(node(0, 1), 1);
        assertThat(w.isLater(node(0, 2))).isFalse();
        assertThat(w.isLater(node(10_000, 2))).isTrue();
    }

    @Test
    void survivesSerialisation() {
        FamilyWindow w = new FamilyWindow();
        w.add(node(0, 100, 200), 7);
        FamilyWindow back = FamilyWindow.fromBytes(w.toBytes());
        assertThat(back.updatedAtMillis()).isEqualTo(7);
        assertThat(back.finish()).isEqualTo(w.finish());
    }
}
