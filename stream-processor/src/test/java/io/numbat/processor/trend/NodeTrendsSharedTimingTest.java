package io.numbat.processor.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Sample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A node's metrics share one timing while they arrive in the same batches; whatever the batches look like
 * (metrics missing, not finite, twice, new in the middle of a window), every metric must end exactly as if
 * it had been summed alone, sample by sample, and so must a window decoded from its bytes and continued.
 */
class NodeTrendsSharedTimingTest {
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

    /** Every field of an accumulator, through the fixed-size layout, which writes them all. */
    private static byte[] fields(TrendAccumulator a) {
        ByteBuffer b = ByteBuffer.allocate(TrendAccumulator.BYTES);
        a.writeTo(b);
        return b.array();
    }

    private static void assertSameAsAlone(NodeTrends n, Map<Integer, TrendAccumulator> alone) {
        assertThat(n.size()).isEqualTo(alone.size());
        for (int i = 0; i < n.size(); i++) {
            int id = n.metricAt(i);
            assertThat(fields(n.accumulatorAt(i))).as("metric %d", id).isEqualTo(fields(alone.get(id)));
        }
    }

    /** Random batches over metrics 0..19: most present, some missing, some NaN, some twice, some new later. */
    private static List<MetricBatch> batches(Random r, long start, int count) {
        List<MetricBatch> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            List<Sample> samples = new ArrayList<>();
            for (int m = 0; m < 20; m++) {
                if (m >= 15 && k < 2) {
                    continue; // metrics that appear only from the third batch
                }
                double dice = r.nextDouble();
                if (dice < 0.05) {
                    continue; // missing
                }
                double v = dice < 0.08 ? Double.NaN : Math.round(r.nextGaussian() * 100) / 4.0;
                samples.add(new Sample(m, v));
                if (dice > 0.97) {
                    samples.add(new Sample(m, v + 1)); // twice in one batch
                }
            }
            out.add(batch(start + k * 10_000L + r.nextInt(500), samples));
        }
        return out;
    }

    private static void addAlone(Map<Integer, TrendAccumulator> alone, MetricBatch b) {
        for (Sample s : b.getSamples()) {
            alone.computeIfAbsent(s.getMetric(), k -> new TrendAccumulator())
                    .add(b.getTimestamp().toEpochMilli(), s.getValue());
        }
    }

    @Test
    void everyMetricEndsAsIfSummedAloneWhateverTheBatches() {
        for (int seed = 0; seed < 50; seed++) {
            Random r = new Random(seed);
            NodeTrends n = new NodeTrends();
            Map<Integer, TrendAccumulator> alone = new TreeMap<>();
            for (MetricBatch b : batches(r, T0, 6)) {
                n.add(b);
                addAlone(alone, b);
            }
            assertSameAsAlone(n, alone);
        }
    }

    @Test
    void aResetWindowAndADecodedOneContinueAsIfSummedAlone() {
        for (int seed = 0; seed < 50; seed++) {
            Random r = new Random(seed);
            NodeTrends n = new NodeTrends();
            for (MetricBatch b : batches(r, T0, 6)) {
                n.add(b);
            }
            n.reset(); // the node's next window reuses the accumulators
            Map<Integer, TrendAccumulator> alone = new TreeMap<>();
            for (int m = 0; m < 20; m++) {
                alone.put(m, new TrendAccumulator()); // kept, empty
            }
            List<MetricBatch> next = batches(r, T0 + 60_000, 6);
            for (MetricBatch b : next.subList(0, 3)) {
                n.add(b);
                addAlone(alone, b);
            }
            NodeTrends decoded = NodeTrends.fromBytes(n.toBytes(), true); // a restart in the middle
            NodeTrends legacy = NodeTrends.fromBytes(fixedSize(n), false); // or from an older layout
            for (MetricBatch b : next.subList(3, 6)) {
                n.add(b);
                decoded.add(b);
                legacy.add(b);
                addAlone(alone, b);
            }
            assertSameAsAlone(n, alone);
            assertSameAsAlone(decoded, alone);
            assertSameAsAlone(legacy, alone);
        }
    }

    @Test
    void anEmptyDecodedWindowSharesOneTimingAgain() {
        NodeTrends n = new NodeTrends();
        n.add(batch(T0, List.of(new Sample(1, 1.0), new Sample(2, 2.0))));
        NodeTrends spare = NodeTrends.fromBytes(n.reset().toBytes(), true);
        Map<Integer, TrendAccumulator> alone = new TreeMap<>();
        alone.put(1, new TrendAccumulator());
        alone.put(2, new TrendAccumulator());
        for (MetricBatch b : List.of(
                batch(T0 + 60_000, List.of(new Sample(1, 3.0), new Sample(2, 4.0))),
                batch(T0 + 70_000, List.of(new Sample(1, 5.0))),
                batch(T0 + 80_000, List.of(new Sample(1, 6.0), new Sample(2, 7.0))))) {
            spare.add(b);
            addAlone(alone, b);
        }
        assertSameAsAlone(spare, alone);
    }

    /** The fixed-size layout of versions 1 and 2, as NodeTrends wrote it then. */
    private static byte[] fixedSize(NodeTrends n) {
        byte[] fam = n.family().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + fam.length + 4 + n.size() * (4 + TrendAccumulator.BYTES));
        b.putInt(fam.length).put(fam).putInt(n.size());
        for (int i = 0; i < n.size(); i++) {
            b.putInt(n.metricAt(i));
            n.accumulatorAt(i).writeTo(b);
        }
        return b.array();
    }
}
