package io.numbat.processor.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
    private static final long STEP = 300_000;

    /** Scores samples 0..n-1 of a series, one every 5 minutes. */
    private static double[] scores(AnomalyDetector d, int from, int to, IntToDoubleFunction series) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = d.score(i * STEP, series.applyAsDouble(i));
        }
        return out;
    }

    private static double max(double[] xs, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, xs[i]);
        }
        return m;
    }

    private static IntToDoubleFunction noisySine(long seed) {
        Random r = new Random(seed);
        return i -> 50 + 20 * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian();
    }

    private static long firings(double[] xs, int from, int to) {
        return Arrays.stream(xs, from, to)
                .filter(x -> x >= AnomalyDetector.FIRE)
                .count();
    }

    @Test
    void staysQuietOnASineAfterItsFirstCycle() {
        double[] s = scores(
                new AnomalyDetector(AnomalyDetector.Kind.TRANSITION),
                0,
                10_000,
                i -> 50 + 20 * Math.sin(2 * Math.PI * i / 288));
        assertThat(max(s, 300, 10_000)).isLessThan(AnomalyDetector.FIRE);
    }

    @Test
    void staysQuietOnANoisySine() {
        for (long seed = 1; seed <= 3; seed++) {
            double[] s = scores(new AnomalyDetector(AnomalyDetector.Kind.TRANSITION), 0, 20_000, noisySine(seed));
            assertThat(max(s, 0, 20_000)).isLessThan(AnomalyDetector.FIRE);
        }
    }

    @Test
    void flagsALevelShiftWithinAFewSamples() {
        IntToDoubleFunction sine = noisySine(2);
        double[] s = scores(
                new AnomalyDetector(AnomalyDetector.Kind.TRANSITION),
                0,
                4000,
                i -> sine.applyAsDouble(i) + (i >= 3000 ? 60 : 0));
        assertThat(max(s, 3000, 3005)).isGreaterThanOrEqualTo(AnomalyDetector.SPATIAL_SCORE);
        assertThat(firings(s, 2900, 3000)).isZero();
    }

    private static IntToDoubleFunction dailyCycleWith(IntToDoubleFunction anomaly) {
        Random r = new Random(3);
        return i -> (i >= 3000 && i < 3300 ? anomaly.applyAsDouble(i) : 50 + 20 * Math.sin(2 * Math.PI * i / 288))
                + 0.2 * r.nextGaussian();
    }

    @Test
    void flagsADailyCycleThatGoesFlatInsideItsRange() {
        double[] s = scores(new AnomalyDetector(AnomalyDetector.Kind.TRANSITION), 0, 4000, dailyCycleWith(i -> 50));
        assertThat(firings(s, 0, 3000)).isZero();
        assertThat(firings(s, 3000, 3050)).isEqualTo(1);
    }

    @Test
    void flagsADailyCycleThatStartsOscillatingFasterInsideItsRange() {
        double[] s = scores(
                new AnomalyDetector(AnomalyDetector.Kind.TRANSITION),
                0,
                4000,
                dailyCycleWith(i -> 50 + 20 * Math.sin(2 * Math.PI * i / 16)));
        assertThat(firings(s, 0, 3000)).isZero();
        assertThat(firings(s, 3000, 3050)).isEqualTo(1);
    }

    @Test
    void flagsABurstOfNoiseOnADailyCycle() {
        Random r = new Random(3);
        double[] s = scores(
                new AnomalyDetector(AnomalyDetector.Kind.TRANSITION),
                0,
                4000,
                i -> 50 + 20 * Math.sin(2 * Math.PI * i / 288) + (i >= 3000 && i < 3300 ? 8 : 0.5) * r.nextGaussian());
        assertThat(firings(s, 0, 3000)).isZero();
        assertThat(firings(s, 3000, 3100)).isEqualTo(1);
    }

    @Test
    void firesOnceThenStaysMutedForAWhile() {
        IntToDoubleFunction sine = noisySine(4);
        double[] s = scores(
                new AnomalyDetector(AnomalyDetector.Kind.TRANSITION),
                0,
                3200,
                i -> sine.applyAsDouble(i) + (i >= 3000 ? 500 : 0));
        assertThat(firings(s, 3000, 3000 + AnomalyDetector.MUTE)).isEqualTo(1);
    }

    @Test
    void constantSeriesStaysQuiet() {
        double[] s = scores(new AnomalyDetector(AnomalyDetector.Kind.TRANSITION), 0, 3000, i -> 45.0);
        assertThat(max(s, 0, 3000)).isLessThan(0.1);
    }

    @Test
    void aJumpAfterAConstantStretchThatHasVariedIsFlagged() {
        double[] s = scores(
                new AnomalyDetector(AnomalyDetector.Kind.TRANSITION),
                0,
                2000,
                i -> i == 10 ? 46.0 : i < 1500 ? 45.0 : 1e6);
        assertThat(max(s, 1500, 1505)).isGreaterThanOrEqualTo(AnomalyDetector.SPATIAL_SCORE);
    }

    @Test
    void nanAndInfinityAreIgnoredAndLeaveTheStateUnchanged() {
        AnomalyDetector d = new AnomalyDetector(AnomalyDetector.Kind.TRANSITION);
        scores(d, 0, 500, noisySine(5));
        byte[] before = d.toBytes();
        assertThat(d.score(500 * STEP, Double.NaN)).isZero();
        assertThat(d.score(500 * STEP, Double.POSITIVE_INFINITY)).isZero();
        assertThat(d.score(500 * STEP, Double.NEGATIVE_INFINITY)).isZero();
        assertThat(d.toBytes()).isEqualTo(before);
    }

    @Test
    void aSampleOlderThanTheLastIsIgnored() {
        AnomalyDetector d = new AnomalyDetector(AnomalyDetector.Kind.TRANSITION);
        scores(d, 0, 500, noisySine(6));
        byte[] before = d.toBytes();
        assertThat(d.score(10 * STEP, 1e9)).isZero();
        assertThat(d.toBytes()).isEqualTo(before);
    }

    @Test
    void scoresStayInTheUnitIntervalOnHugeAndWildInput() {
        Random r = new Random(7);
        double[] wild = {
            0,
            -0.0,
            1e300,
            -1e300,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            42
        };
        AnomalyDetector d = new AnomalyDetector(AnomalyDetector.Kind.TRANSITION);
        for (int i = 0; i < 20_000; i++) {
            double x = i % 7 == 0 ? wild[r.nextInt(wild.length)] : r.nextGaussian() * Math.pow(10, r.nextInt(40));
            double score = d.score(i * STEP, x);
            assertThat(score).isBetween(0.0, 1.0);
        }
    }

    @Test
    void sameInputGivesTheSameOutput() {
        double[] a = scores(new AnomalyDetector(AnomalyDetector.Kind.TRANSITION), 0, 3000, noisySine(8));
        double[] b = scores(new AnomalyDetector(AnomalyDetector.Kind.TRANSITION), 0, 3000, noisySine(8));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void stateRoundTripsThroughBytesAndContinuesIdentically() {
        IntToDoubleFunction series = noisySine(9);
        double[] values = new double[4000];
        for (int i = 0; i < values.length; i++) {
            values[i] = series.applyAsDouble(i) + (i >= 3000 ? 40 : 0);
        }
        AnomalyDetector straight = new AnomalyDetector(AnomalyDetector.Kind.TRANSITION);
        AnomalyDetector restored = new AnomalyDetector(AnomalyDetector.Kind.TRANSITION);
        for (int i = 0; i < values.length; i++) {
            if (i % 997 == 0) {
                byte[] bytes = restored.toBytes();
                assertThat(bytes).hasSize(AnomalyDetector.STATE_BYTES);
                restored = AnomalyDetector.fromBytes(bytes);
            }
            assertThat(restored.score(i * STEP, values[i])).isEqualTo(straight.score(i * STEP, values[i]));
        }
    }

    @Test
    void stateIsUnder400Bytes() {
        assertThat(AnomalyDetector.STATE_BYTES).isLessThanOrEqualTo(400);
        assertThat(new AnomalyDetector(AnomalyDetector.Kind.TRANSITION).toBytes())
                .hasSize(AnomalyDetector.STATE_BYTES);
    }

    @Test
    void corruptStateIsRejected() {
        assertThatThrownBy(() -> AnomalyDetector.fromBytes(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        byte[] wrongVersion = new AnomalyDetector(AnomalyDetector.Kind.TRANSITION).toBytes();
        wrongVersion[0] = 99;
        assertThatThrownBy(() -> AnomalyDetector.fromBytes(wrongVersion)).isInstanceOf(IllegalArgumentException.class);
    }
}
