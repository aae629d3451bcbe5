package io.numbat.processor.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Sample;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A coarser window merged in place gives exactly what merging the finer windows' objects gives. */
class CoarsePartialTest {
    private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 300_000;
    private static final long MINUTE = 60_000;

    private static MetricBatch batch(String family, long t, List<Sample> samples) {
        return MetricBatch.newBuilder()
                .setNode("web-1")
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(0)
                .setSamples(samples)
                .setLimits(List.of())
                .build();
    }

    /** Minute {@code m}: six batches of metrics 1 (moving), 2 (a counter that resets at minute 2) and 3 (constant). */
    private static NodeTrends minute(int m) {
        NodeTrends n = new NodeTrends();
        for (int i = 0; i < 6; i++) {
            long t = T0 + m * MINUTE + i * 10_000L;
            double counter = m == 2 && i == 0 ? 1 : 100.0 * m + i;
            n.add(batch(
                    "web",
                    t,
                    List.of(new Sample(1, Math.sin(m * 6 + i) * 50), new Sample(2, counter), new Sample(3, 4.0))));
        }
        return n;
    }

    /** Every field of every accumulator, through the fixed-size layout. */
    private static byte[] allFields(NodeTrends n) {
        ByteBuffer b = ByteBuffer.allocate(n.size() * (Integer.BYTES + TrendAccumulator.BYTES));
        for (int i = 0; i < n.size(); i++) {
            b.putInt(n.metricAt(i));
            n.accumulatorAt(i).writeTo(b);
        }
        return b.array();
    }

    @Test
    void mergingInPlaceGivesWhatMergingTheWindowsGives() {
        CoarsePartial partial = CoarsePartial.of(T0, T0 + 5 * MINUTE, minute(0));
        NodeTrends expected = minute(0);
        for (int m = 1; m < 5; m++) {
            partial.merge(minute(m));
            expected = expected.merge(minute(m));
        }

        WindowTrends window = partial.window();
        assertThat(window.start()).isEqualTo(T0);
        assertThat(window.end()).isEqualTo(T0 + 5 * MINUTE);
        assertThat(window.trends().family()).isEqualTo("web");
        assertThat(allFields(window.trends())).isEqualTo(allFields(expected));
        assertThat(window.trends().accumulator(2).count()).isEqualTo(30);
        assertThat(window.trends().accumulator(1).slope())
                .isEqualTo(expected.accumulator(1).slope());
    }

    @Test
    void aClosedPartialStartsTheNextWindowInTheSameArray() {
        CoarsePartial partial = CoarsePartial.of(T0, T0 + 5 * MINUTE, minute(0));
        partial.merge(minute(1));
        partial.close();
        assertThat(partial.open()).isFalse();

        partial.restart(T0 + 5 * MINUTE, T0 + 10 * MINUTE, minute(5));

        assertThat(partial.open()).isTrue();
        assertThat(partial.start()).isEqualTo(T0 + 5 * MINUTE);
        assertThat(allFields(partial.window().trends())).isEqualTo(allFields(minute(5)));
    }

    @Test
    void aWindowWithANewMetricOrAnotherFamilyIsRebuilt() {
        CoarsePartial partial = CoarsePartial.of(T0, T0 + 5 * MINUTE, minute(0));
        NodeTrends wider = new NodeTrends();
        wider.add(batch("web", T0 + MINUTE, List.of(new Sample(1, 1.0), new Sample(5, 2.0))));

        partial.merge(wider);

        NodeTrends trends = partial.window().trends();
        assertThat(allFields(trends)).isEqualTo(allFields(minute(0).merge(wider)));
        assertThat(trends.size()).isEqualTo(4);
        assertThat(trends.accumulator(5).count()).isEqualTo(1);

        NodeTrends moved = new NodeTrends();
        moved.add(batch("db", T0 + 2 * MINUTE, List.of(new Sample(1, 1.0))));
        partial.merge(moved);
        assertThat(partial.window().trends().family()).isEqualTo("db");
    }

    @Test
    void storedFormsReadBackOpenOrEmptyAndTheCompactLayoutIsReadToo() {
        CoarsePartial partial = CoarsePartial.of(T0, T0 + 5 * MINUTE, minute(0));
        partial.merge(minute(1));

        CoarsePartial back = CoarsePartial.fromBytes(partial.toBytes());
        assertThat(back.open()).isTrue();
        assertThat(allFields(back.window().trends()))
                .isEqualTo(allFields(partial.window().trends()));

        // the stores of earlier versions held WindowTrends in the compact layout (version 3)
        CoarsePartial fromCompact = CoarsePartial.fromBytes(partial.window().toBytes());
        assertThat(allFields(fromCompact.window().trends()))
                .isEqualTo(allFields(partial.window().trends()));

        partial.close();
        byte[] empty = partial.toBytes();
        assertThat(empty.length).as("an empty partial's stored bytes").isLessThan(40);
        assertThat(CoarsePartial.fromBytes(empty).open()).isFalse();
    }

    @Test
    void theArrayIsNotHandedOutToTheStore() {
        CoarsePartial partial = CoarsePartial.of(T0, T0 + 5 * MINUTE, minute(0));
        byte[] stored = partial.toBytes();
        byte[] copy = stored.clone();
        partial.merge(minute(1));
        assertThat(stored).isEqualTo(copy);
        assertThat(partial.toBytes()).hasSameSizeAs(stored).isNotEqualTo(stored);
    }
}
