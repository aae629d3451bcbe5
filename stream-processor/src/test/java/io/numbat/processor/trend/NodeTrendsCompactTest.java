package io.numbat.processor.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Sample;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact layout of state version 3 keeps every accumulator exactly, whatever its shape. */
class NodeTrendsCompactTest {
    private static final long T0 = 1_700_000_000_000L;

    private static MetricBatch batch(long t, List<Sample> samples) {
        return MetricBatch.newBuilder()
                .setNode("web-1")
                .setFamily("web")
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(0)
                .setSamples(samples)
                .setLimits(List.of())
                .build();
    }

    /** Metric 1 moves, 2 is constant, 3 appears in the second batch only (own timing), 4 only ever NaN (empty). */
    private static NodeTrends mixed() {
        NodeTrends n = new NodeTrends();
        n.add(batch(T0, List.of(new Sample(1, 10.0), new Sample(2, 7.5), new Sample(4, Double.NaN))));
        n.add(batch(T0 + 10_000, List.of(new Sample(1, 12.5), new Sample(2, 7.5), new Sample(3, 0.1))));
        n.add(batch(T0 + 20_000, List.of(new Sample(1, 3.0), new Sample(2, 7.5), new Sample(3, 0.2))));
        return n;
    }

    /** Every field, through the fixed-size layout, which writes them all. */
    private static byte[] allFields(NodeTrends n) {
        ByteBuffer b = ByteBuffer.allocate(n.size() * TrendAccumulator.BYTES);
        for (int i = 0; i < n.size(); i++) {
            n.accumulatorAt(i).writeTo(b);
        }
        return b.array();
    }

    @Test
    void everyAccumulatorShapeSurvivesTheCompactLayoutExactly() {
        NodeTrends n = mixed();
        NodeTrends back = NodeTrends.fromBytes(n.toBytes(), true);
        assertThat(back.family()).isEqualTo("web");
        assertThat(back.size()).isEqualTo(4);
        assertThat(allFields(back)).isEqualTo(allFields(n));
        assertThat(back.accumulator(4).count()).isZero();
        assertThat(back.accumulator(3).count()).isEqualTo(2);
        assertThat(back.accumulator(2).max()).isEqualTo(7.5);
    }

    @Test
    void theCompactLayoutIsAboutHalfTheFixedSizeOneForAWindowOfAHundredMetrics() {
        NodeTrends n = new NodeTrends();
        for (int tick = 0; tick < 6; tick++) {
            List<Sample> samples = new ArrayList<>();
            for (int m = 0; m < 100; m++) {
                samples.add(new Sample(m, m % 4 == 0 ? 42 : tick * m + 0.5));
            }
            n.add(batch(T0 + tick * 10_000L, samples));
        }
        int fixed = 4 + 3 + 4 + 100 * (4 + TrendAccumulator.BYTES);
        assertThat(n.toBytes().length).isLessThan(fixed * 6 / 10);
        assertThat(allFields(NodeTrends.fromBytes(n.toBytes(), true))).isEqualTo(allFields(n));
    }

    @Test
    void anEmptiedWindowKeepsItsMetricsInOneByteEach() {
        NodeTrends n = mixed().reset();
        NodeTrends back = NodeTrends.fromBytes(n.toBytes(), true);
        assertThat(back.size()).isEqualTo(4);
        assertThat(n.toBytes().length).isEqualTo(4 + 3 + 4 + 1 + 4 * (4 + 1));
        assertThat(allFields(back)).isEqualTo(allFields(n));
    }
}
