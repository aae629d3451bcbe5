package io.numbat.processor.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.GoldenFiles;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seasonal baseline and the ensemble ({@link AnomalyDetector.Kind}): behaviour on daily cycles, state size and
 * round trip, and the golden files of their layouts.
 */
class SeasonalAndEnsembleDetectorTest {
    private static final long STEP = 300_000;
    private static final long T0 = 1_700_000_000_000L;

    private static double[] scores(AnomalyDetector d, int n, IntToDoubleFunction series) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = d.score(i * STEP, series.applyAsDouble(i));
        }
        return out;
    }

    private static long firings(double[] xs, int from, int to) {
        return Arrays.stream(xs, from, to)
                .filter(x -> x >= AnomalyDetector.FIRE)
                .count();
    }

    /** A daily cycle at 5-minute sampling (288 samples a day), with {@code anomaly} for samples 3000-3299. */
    private static IntToDoubleFunction dailyCycleWith(IntToDoubleFunction anomaly) {
        Random r = new Random(3);
        return i -> (i >= 3000 && i < 3300 ? anomaly.applyAsDouble(i) : 50 + 20 * Math.sin(2 * Math.PI * i / 288))
                + 0.2 * r.nextGaussian();
    }

    @ParameterizedTest
    @EnumSource(
            value = AnomalyDetector.Kind.class,
            names = {"SEASONAL", "ENSEMBLE"})
    void staysQuietOnANoisyDailyCycle(AnomalyDetector.Kind kind) {
        for (long seed = 1; seed <= 3; seed++) {
            Random r = new Random(seed);
            double[] s = scores(
                    new AnomalyDetector(kind),
                    20_000,
                    i -> 50 + 20 * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian());
            assertThat(firings(s, 0, 20_000)).as("seed %d", seed).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = AnomalyDetector.Kind.class,
            names = {"SEASONAL", "ENSEMBLE"})
    void flagsADailyCycleThatGoesFlatInsideItsRange(AnomalyDetector.Kind kind) {
        double[] s = scores(new AnomalyDetector(kind), 4000, dailyCycleWith(i -> 50));
        assertThat(firings(s, 0, 3000)).isZero();
        assertThat(firings(s, 3000, 3050)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = AnomalyDetector.Kind.class,
            names = {"SEASONAL", "ENSEMBLE"})
    void flagsALevelShiftAsANewExtreme(AnomalyDetector.Kind kind) {
        double[] s = scores(new AnomalyDetector(kind), 4000, dailyCycleWith(i -> 200));
        assertThat(Arrays.stream(s, 3000, 3005).max().orElseThrow())
                .isGreaterThanOrEqualTo(AnomalyDetector.SPATIAL_SCORE);
    }

    @ParameterizedTest
    @EnumSource(
            value = AnomalyDetector.Kind.class,
            names = {"SEASONAL", "ENSEMBLE"})
    void flagsAFastWiggleOnTheDailyCycleInsideItsRange(AnomalyDetector.Kind kind) {
        IntToDoubleFunction wiggle = dailyCycleWith(i -> 50 + 20 * Math.sin(2 * Math.PI * i / 288) + 3 * Math.sin(i));
        double[] s = scores(new AnomalyDetector(kind), 4000, wiggle);
        assertThat(firings(s, 0, 3000)).isZero();
        assertThat(firings(s, 3000, 3100)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(AnomalyDetector.Kind.class)
    void stateIsUnder2KbAndRoundTripsThroughBytesContinuingIdentically(AnomalyDetector.Kind kind) {
        assertThat(kind.stateBytes()).isLessThan(2048);
        Random r = new Random(9);
        double[] values = new double[4000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian() + (i >= 3000 ? 40 : 0);
        }
        AnomalyDetector straight = new AnomalyDetector(kind);
        AnomalyDetector restored = new AnomalyDetector(kind);
        for (int i = 0; i < values.length; i++) {
            if (i % 997 == 0) {
                byte[] bytes = restored.toBytes();
                assertThat(bytes).hasSize(kind.stateBytes());
                restored = AnomalyDetector.fromBytes(bytes);
                assertThat(restored.kind()).isEqualTo(kind);
            }
            assertThat(restored.score(i * STEP, values[i])).isEqualTo(straight.score(i * STEP, values[i]));
        }
    }

    @Test
    void stateSizes() {
        assertThat(AnomalyDetector.Kind.TRANSITION.stateBytes())
                .isEqualTo(AnomalyDetector.STATE_BYTES)
                .isEqualTo(384);
        assertThat(AnomalyDetector.Kind.SEASONAL.stateBytes()).isEqualTo(529);
        assertThat(AnomalyDetector.Kind.ENSEMBLE.stateBytes()).isEqualTo(844);
    }

    /** A day and a bit at 5-minute sampling cycling through 50..62: every bin has its visits, the calibration is ready. */
    static AnomalyDetector sample(AnomalyDetector.Kind kind) {
        AnomalyDetector d = new AnomalyDetector(kind);
        for (int i = 0; i < 360; i++) {
            d.score(T0 + i * STEP, 50 + (i * 7) % 13);
        }
        return d;
    }

    private static String golden(AnomalyDetector.Kind kind) {
        return kind == AnomalyDetector.Kind.SEASONAL
                ? "anomaly-detector-seasonal.bin"
                : "anomaly-detector-ensemble.bin";
    }

    @ParameterizedTest
    @EnumSource(
            value = AnomalyDetector.Kind.class,
            names = {"SEASONAL", "ENSEMBLE"})
    void layoutsOfTheSeasonalAndEnsembleDetectorsAreTheGoldenBytes(AnomalyDetector.Kind kind) {
        byte[] golden = GoldenFiles.read(golden(kind));
        assertThat(golden[0]).as("layout byte").isEqualTo((byte) (kind == AnomalyDetector.Kind.SEASONAL ? 2 : 3));
        assertThat(sample(kind).toBytes()).isEqualTo(golden);
        AnomalyDetector read = AnomalyDetector.fromBytes(golden);
        assertThat(read.kind()).isEqualTo(kind);
        assertThat(read.toBytes()).isEqualTo(golden);
        assertThat(read.score(T0 + 360 * STEP, 56)).isEqualTo(sample(kind).score(T0 + 360 * STEP, 56));
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFiles() {
        for (AnomalyDetector.Kind kind :
                new AnomalyDetector.Kind[] {AnomalyDetector.Kind.SEASONAL, AnomalyDetector.Kind.ENSEMBLE}) {
            GoldenFiles.writeIfAbsent(golden(kind), sample(kind).toBytes());
        }
    }
}
