package io.numbat.processor.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ExhaustionForecasterTest {
    private static final double LIMIT = 262_144;
    private final SplittableRandom random = new SplittableRandom(5);

    /** Feeds values every 10 s from t=0; returns the forecasts made, by time. */
    private List<long[]> run(ExhaustionForecaster f, double[] values, List<ExhaustionForecaster.Forecast> out) {
        List<long[]> times = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            long t = i * 10_000L;
            Optional<ExhaustionForecaster.Forecast> fc = f.add(t, values[i], LIMIT);
            if (fc.isPresent()) {
                out.add(fc.get());
                times.add(new long[] {t});
            }
        }
        return times;
    }

    private double[] flat(int n, double level) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = level + random.nextGaussian() * 20;
        }
        return v;
    }

    @Test
    void forecastsALeakEarlyAndAccurately() {
        // 1,000 processes growing to the limit in 8 minutes
        double[] v = new double[48];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(LIMIT, 1_000 + (LIMIT - 1_000) * i / 48.0 + random.nextGaussian() * 200);
        }
        List<ExhaustionForecaster.Forecast> forecasts = new ArrayList<>();
        List<long[]> at = run(new ExhaustionForecaster(ExhaustionForecaster.Settings.defaults()), v, forecasts);
        assertThat(forecasts).isNotEmpty();
        long firstAt = at.get(0)[0];
        assertThat(firstAt).as("first forecast within 3 minutes of the start").isLessThanOrEqualTo(180_000);
        double trueSecondsLeft = (480_000 - firstAt) / 1000.0;
        assertThat(forecasts.get(0).secondsToExhaustion()).isBetween(trueSecondsLeft * 0.8, trueSecondsLeft * 1.2);
        assertThat(forecasts.get(0).confidence()).isBetween(0.5, 1.0);
    }

    @Test
    void ignoresABurstThatLeastSquaresWouldExtrapolate() {
        double[] v = flat(60, 1_000);
        for (int i = 44; i < 48; i++) {
            v[i] = 120_000; // a 40 s burst, then back to normal
        }
        List<ExhaustionForecaster.Forecast> forecasts = new ArrayList<>();
        run(new ExhaustionForecaster(ExhaustionForecaster.Settings.defaults()), v, forecasts);
        assertThat(forecasts).isEmpty();
        // predict_linear-style least squares over the last 8 minutes right after the burst
        assertThat(leastSquaresSlope(v, 0, 48)).as("OLS sees a steep rise").isGreaterThan(100);
    }

    @Test
    void aLevelShiftIsNotATrend() {
        double[] v = flat(60, 1_000);
        for (int i = 30; i < 60; i++) {
            v[i] += 30_000;
        }
        List<ExhaustionForecaster.Forecast> forecasts = new ArrayList<>();
        run(new ExhaustionForecaster(ExhaustionForecaster.Settings.defaults()), v, forecasts);
        assertThat(forecasts).isEmpty();
    }

    @Test
    void aRestartStartsAfreshInsteadOfForecastingFromOldData() {
        double[] v = new double[80];
        for (int i = 0; i < 40; i++) {
            v[i] = 1_000 + 3_000.0 * i;
        }
        for (int i = 40; i < 80; i++) {
            v[i] = 1_000 + random.nextGaussian() * 20;
        }
        List<ExhaustionForecaster.Forecast> forecasts = new ArrayList<>();
        List<long[]> at = run(new ExhaustionForecaster(ExhaustionForecaster.Settings.defaults()), v, forecasts);
        assertThat(at).isNotEmpty().allSatisfy(t -> assertThat(t[0]).isLessThanOrEqualTo(410_000));
    }

    @Test
    void flatNoisySeriesNeverForecasts() {
        List<ExhaustionForecaster.Forecast> forecasts = new ArrayList<>();
        run(new ExhaustionForecaster(ExhaustionForecaster.Settings.defaults()), flat(500, 5_000), forecasts);
        assertThat(forecasts).isEmpty();
    }

    @Test
    void stateSurvivesSerialisation() {
        ExhaustionForecaster.Settings s = ExhaustionForecaster.Settings.defaults();
        ExhaustionForecaster a = new ExhaustionForecaster(s);
        ExhaustionForecaster b = new ExhaustionForecaster(s);
        for (int i = 0; i < 30; i++) {
            a.add(i * 10_000L, 1_000 + 2_000.0 * i, LIMIT);
            b.add(i * 10_000L, 1_000 + 2_000.0 * i, LIMIT);
            b = ExhaustionForecaster.fromBytes(s, b.toBytes());
        }
        Optional<ExhaustionForecaster.Forecast> fa = a.add(300_000, 61_000, LIMIT);
        Optional<ExhaustionForecaster.Forecast> fb = b.add(300_000, 61_000, LIMIT);
        assertThat(fb.isPresent()).isEqualTo(fa.isPresent());
        fa.ifPresent(x ->
                assertThat(fb.get().secondsToExhaustion()).isCloseTo(x.secondsToExhaustion(), Assertions.within(1.0)));
        assertThat(b.toBytes().length).as("bytes of state").isLessThan(400);
    }

    private static double leastSquaresSlope(double[] v, int from, int to) {
        int n = to - from;
        double st = 0, sv = 0, stt = 0, stv = 0;
        for (int i = from; i < to; i++) {
            double t = i * 10.0;
            st += t;
            sv += v[i];
            stt += t * t;
            stv += t * v[i];
        }
        return (n * stv - st * sv) / (n * stt - st * st);
    }
}
