package io.numbat.processor.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
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
}
