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
        assertThat(AnomalyDetector.Kind.SEASONAL.stateBytes()).isEqualTo(785);
        assertThat(AnomalyDetector.Kind.ENSEMBLE.stateBytes()).isEqualTo(1100);
    }

    @Test
    void theDefaultIsTheSeasonalBaselineByKindAndByName() {
        assertThat(AnomalyDetector.DEFAULT_KIND).isEqualTo(AnomalyDetector.Kind.SEASONAL);
        assertThat(AnomalyDetector.Kind.valueOf(AnomalyDetector.DEFAULT_KIND_NAME.toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(AnomalyDetector.DEFAULT_KIND);
    }

    /** 2026-01-01T00:00:00Z, the simulated fleet's start. */
    private static final long MIDNIGHT = 1_767_225_600_000L;

    private static final long TEN_SECONDS = 10_000;

    /**
     * A healthy node's longest message queue as the simulated fleet makes it (0 to 4, uniform, every 10 seconds),
     * except that the bin of 01:00 opens with six 4s on the first day: the case of issue 18's two false alarms (a
     * bin's first six samples taken for its profile, the 0 after them eight deviations off).
     */
    private static double queue(Random r, int i) {
        int inDay = i % 8640;
        return i < 8640 && inDay >= 360 && inDay < 366 ? 4 : r.nextInt(5);
    }

    @Test
    void aBinIsNotAProfileBeforeTheDayAfterItsFirstVisit() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            AnomalyDetector d = new AnomalyDetector(AnomalyDetector.Kind.SEASONAL);
            for (int i = 0; i < 2 * 8640; i++) {
                double v = queue(r, i);
                double score = d.score(MIDNIGHT + i * TEN_SECONDS, v);
                assertThat(score).as("seed %d, sample %d, value %s", seed, i, v).isLessThan(AnomalyDetector.FIRE);
            }
        }
    }

    /**
     * A healthy node's run queue as the simulated fleet makes it: 0 for its first 28 hours, then now and then 1. Its
     * first move has no scale to be measured in (the seen range is 0: 19 false alarms in a 48-hour fleet run before
     * nothing was scored until a series changed), and after it the bins that only ever saw 0 have no deviation: a 1
     * there is one step of the series' resolution, not 33 floors of 3 % of a range of 1 (a false alarm at a node's
     * second 1 before the resolution floor).
     */
    @Test
    void aSeriesConstantForADayMovingByItsResolutionStaysQuiet() {
        for (long seed = 1; seed <= 5; seed++) {
            Random r = new Random(seed);
            AnomalyDetector d = new AnomalyDetector(AnomalyDetector.Kind.SEASONAL);
            for (int i = 0; i < 36 * 360; i++) {
                double v = i >= 28 * 360 && r.nextInt(20) == 0 ? 1 : 0;
                assertThat(d.score(MIDNIGHT + i * TEN_SECONDS, v))
                        .as("seed %d, sample %d", seed, i)
                        .isLessThan(AnomalyDetector.FIRE);
            }
        }
    }

    /**
     * At 10-second sampling a bin's profile is its whole half hour, not its last minutes: the bin of 01:00 holds 10
     * for 28 minutes and 0 for its last 2, and its mean is their average (a gain of 0.1 per visit made it the level
     * of its last 10 samples, 2.8).
     */
    @Test
    void atTenSecondSamplingABinIsItsWholeHalfHourNotItsLastMinutes() {
        DailyProfile p = new DailyProfile();
        long oneOClock = MIDNIGHT + 3_600_000L;
        for (int i = 0; i < 180; i++) {
            p.tail(oneOClock + i * TEN_SECONDS, TEN_SECONDS, i < 168 ? 10 : 0, 0, 10);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(DailyProfile.BYTES);
        p.write(b);
        int bin = 2; // 01:00-01:30; a bin is written as mean, deviation (floats), visits (char), first day (int)
        assertThat(b.getFloat(bin * 14)).isCloseTo(10 * 168 / 180f, org.assertj.core.data.Offset.offset(0.01f));
        assertThat((int) b.getChar(bin * 14 + 8)).isEqualTo(180);
    }

    @Test
    void aVisitWeighsTheGainPerFiveMinutesOfSamplingInterval() {
        assertThat(DailyProfile.gain(300_000)).isEqualTo(DailyProfile.GAIN);
        assertThat(DailyProfile.gain(3_600_000)).as("hourly, as at 5 minutes").isEqualTo(DailyProfile.GAIN);
        double tenSeconds = DailyProfile.gain(TEN_SECONDS);
        assertThat(Math.pow(1 - tenSeconds, 30))
                .isCloseTo(1 - DailyProfile.GAIN, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(DailyProfile.gain(0)).isZero();
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
                ? "anomaly-detector-seasonal-v4.bin"
                : "anomaly-detector-ensemble-v5.bin";
    }

    /** The layouts before the first-visit days (2 and 3). */
    private static String goldenWithoutDays(AnomalyDetector.Kind kind) {
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
        assertThat(golden[0]).as("layout byte").isEqualTo((byte) (kind == AnomalyDetector.Kind.SEASONAL ? 4 : 5));
        assertThat(sample(kind).toBytes()).isEqualTo(golden);
        AnomalyDetector read = AnomalyDetector.fromBytes(golden);
        assertThat(read.kind()).isEqualTo(kind);
        assertThat(read.toBytes()).isEqualTo(golden);
        assertThat(read.score(T0 + 360 * STEP, 56)).isEqualTo(sample(kind).score(T0 + 360 * STEP, 56));
    }

    @ParameterizedTest
    @EnumSource(
            value = AnomalyDetector.Kind.class,
            names = {"SEASONAL", "ENSEMBLE"})
    void layoutsWithoutFirstVisitDaysReadAsTodaysWithEveryBinFirstSeenOnTheLastSamplesDay(AnomalyDetector.Kind kind) {
        byte[] old = GoldenFiles.read(goldenWithoutDays(kind));
        assertThat(old[0]).as("layout byte").isEqualTo((byte) (kind == AnomalyDetector.Kind.SEASONAL ? 2 : 3));
        AnomalyDetector read = AnomalyDetector.fromBytes(old);
        assertThat(read.kind()).isEqualTo(kind);
        // everything the old layout held is kept: the header, each bin's mean, deviation and visits (then a byte, now
        // a char), the calibration; each visited bin's first-visit day is the day of the last sample, and the last
        // value and resolution are unknown (NaN, infinite) until the next samples
        byte[] now = read.toBytes();
        assertThat(now).hasSize(kind.stateBytes());
        assertThat(now[0]).isEqualTo((byte) (kind == AnomalyDetector.Kind.SEASONAL ? 4 : 5));
        int profile = kind.stateBytes() - DailyProfile.BYTES;
        assertThat(Arrays.copyOfRange(now, 1, profile)).isEqualTo(Arrays.copyOfRange(old, 1, profile));
        java.nio.ByteBuffer was = java.nio.ByteBuffer.wrap(old, profile, old.length - profile);
        java.nio.ByteBuffer is = java.nio.ByteBuffer.wrap(now, profile, now.length - profile);
        int lastDay = (int) Math.floorDiv(T0 + 359 * STEP, 86_400_000L);
        for (int bin = 0; bin < DailyProfile.BINS; bin++) {
            assertThat(is.getFloat()).isEqualTo(was.getFloat());
            assertThat(is.getFloat()).isEqualTo(was.getFloat());
            assertThat((int) is.getChar()).isEqualTo((int) was.get()).isPositive();
            assertThat(is.getInt()).isEqualTo(lastDay);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(is.getDouble()).isEqualTo(was.getDouble());
        }
        assertThat(is.getInt()).isEqualTo(was.getInt());
        assertThat(is.getDouble()).isNaN();
        assertThat(is.getDouble()).isInfinite();
        assertThat(AnomalyDetector.fromBytes(now).toBytes()).isEqualTo(now);
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
