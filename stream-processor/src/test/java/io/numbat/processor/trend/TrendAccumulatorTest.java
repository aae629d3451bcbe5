package io.numbat.processor.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendAccumulatorTest {

    @Test
    void summarisesGaugeWithMeanMinMaxLastAndSlope() {
        TrendAccumulator a = new TrendAccumulator();
        // 10 units per second
        a.add(0, 100).add(1_000, 110).add(2_000, 120).add(3_000, 130);
        assertThat(a.count()).isEqualTo(4);
        assertThat(a.mean()).isCloseTo(115, within(1e-9));
        assertThat(a.min()).isEqualTo(100);
        assertThat(a.max()).isEqualTo(130);
        assertThat(a.last()).isEqualTo(130);
        assertThat(a.slope()).isCloseTo(10, within(1e-9));
    }

    @Test
    void counterRateTreatsADropAsAReset() {
        TrendAccumulator a = new TrendAccumulator();
        // +50, +50, then the counter restarts and reaches 30: increase 130 over 3 s
        a.add(0, 1_000).add(1_000, 1_050).add(2_000, 1_100).add(3_000, 30);
        assertThat(a.rate()).isCloseTo(130 / 3.0, within(1e-9));
    }

    @Test
    void ignoresNonFiniteValues() {
        TrendAccumulator a = new TrendAccumulator();
        a.add(0, 1).add(1_000, Double.NaN).add(2_000, Double.POSITIVE_INFINITY).add(3_000, 3);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.max()).isEqualTo(3);
    }

    @Test
    void singleSampleHasNoSlopeAndNoRate() {
        TrendAccumulator a = new TrendAccumulator().add(5_000, 7);
        assertThat(a.slope()).isZero();
        assertThat(a.rate()).isNaN();
    }

    @Test
    void survivesSerialisation() {
        TrendAccumulator a = new TrendAccumulator().add(0, 5).add(2_000, 9).add(4_000, 1);
        ByteBuffer b = ByteBuffer.allocate(TrendAccumulator.BYTES);
        a.writeTo(b);
        b.flip();
        TrendAccumulator back = TrendAccumulator.readFrom(b);
        assertThat(back.count()).isEqualTo(3);
        assertThat(back.mean()).isEqualTo(a.mean());
        assertThat(back.slope()).isEqualTo(a.slope());
        assertThat(back.rate()).isEqualTo(a.rate());
        assertThat(back.min()).isEqualTo(1);
    }

    @Test
    void mergingConsecutiveWindowsEqualsAddingAllTheirSamples() {
        Random random = new Random(7);
        TrendAccumulator whole = new TrendAccumulator();
        TrendAccumulator first = new TrendAccumulator();
        TrendAccumulator second = new TrendAccumulator();
        TrendAccumulator third = new TrendAccumulator();
        double counter = 0;
        for (int i = 0; i < 90; i++) {
            long t = 1_700_000_000_000L + i * 2_000L;
            counter = i == 40 ? 3 : counter + random.nextInt(100); // a reset at i = 40
            whole.add(t, counter);
            (i < 30 ? first : i < 60 ? second : third).add(t, counter);
        }
        TrendAccumulator merged = first.merge(second).merge(third);
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(merged.min()).isEqualTo(whole.min());
        assertThat(merged.max()).isEqualTo(whole.max());
        assertThat(merged.last()).isEqualTo(whole.last());
        assertThat(merged.slope()).isCloseTo(whole.slope(), within(1e-9 * Math.abs(whole.slope()) + 1e-12));
        assertThat(merged.rate()).isCloseTo(whole.rate(), within(1e-9));
        assertThat(first.count()).as("merge leaves its inputs alone").isEqualTo(30);
    }

    @Test
    void mergingWithAnEmptyWindowChangesNothing() {
        TrendAccumulator a = new TrendAccumulator().add(0, 5).add(2_000, 9);
        assertThat(a.merge(new TrendAccumulator()).mean()).isEqualTo(7);
        assertThat(new TrendAccumulator().merge(a).slope()).isEqualTo(a.slope());
    }

    @Test
    void serialisationKeepsTheFirstValueForLaterMerges() {
        TrendAccumulator a = new TrendAccumulator().add(0, 100).add(1_000, 150);
        ByteBuffer b = ByteBuffer.allocate(TrendAccumulator.BYTES);
        a.writeTo(b);
        b.flip();
        TrendAccumulator later = new TrendAccumulator().add(2_000, 170).add(3_000, 200);
        ByteBuffer c = ByteBuffer.allocate(TrendAccumulator.BYTES);
        later.writeTo(c);
        c.flip();
        // 150 -> 170 across the boundary counts as increase: 50 + 20 + 30 over 3 s
        assertThat(TrendAccumulator.readFrom(b)
                        .merge(TrendAccumulator.readFrom(c))
                        .rate())
                .isCloseTo(100 / 3.0, within(1e-9));
    }
}
