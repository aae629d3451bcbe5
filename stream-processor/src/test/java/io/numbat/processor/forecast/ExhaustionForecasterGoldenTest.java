package io.numbat.processor.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.numbat.processor.GoldenFiles;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Golden file of {@link ExhaustionForecaster} (inside NodeHealth's store value). Its fields are
 * private, so the decoded state is checked through what it does next: the open block, the block
 * start and the fitted trend points all show in when the next block closes and what it forecasts.
 * See {@link GoldenFiles} for how the file was written.
 */
public class ExhaustionForecasterGoldenTest {
    public static final String FILE = "exhaustion-forecaster-v1.bin";
    private static final long T0 = 1_700_000_000_000L;
    private static final double LIMIT = 500;

    /**
     * Defaults (20 s blocks): a sample every 5 s rising by 1, 38 samples, so 9 closed blocks (medians
     * 101.5, 105.5, ..., 133.5) and 2 samples (136, 137) in the open block that starts at T0 + 180 s.
     * Whole numbers, so the float fields of the format hold them exactly.
     */
    public static ExhaustionForecaster sample() {
        ExhaustionForecaster f = new ExhaustionForecaster(ExhaustionForecaster.Settings.defaults());
        for (int i = 0; i < 38; i++) {
            f.add(T0 + i * 5_000L, 100 + i, LIMIT);
        }
        return f;
    }

    private static ExhaustionForecaster decoded() {
        return ExhaustionForecaster.fromBytes(ExhaustionForecaster.Settings.defaults(), GoldenFiles.read(FILE));
    }

    @Test
    void forecasterOfTodaysFormatResumesItsOpenBlockAndTrend() {
        ExhaustionForecaster f = decoded();
        assertThat(f.add(T0 + 195_000, 138, LIMIT)).isEmpty();
        assertThat(f.closedBlock()).as("the open block started at T0 + 180 s").isFalse();
        Optional<ExhaustionForecaster.Forecast> forecast = f.add(T0 + 200_000, 139, LIMIT);
        assertThat(f.closedBlock()).isTrue();
        assertThat(forecast).isPresent();
        // the trend 0.2/s through 101.5 at T0 + 10 s: 139.5 at T0 + 200 s, 500 some 1802.5 s later
        assertThat(forecast.get().limit()).isEqualTo(LIMIT);
        assertThat(forecast.get().level()).isCloseTo(139.5, within(1e-9));
        assertThat(forecast.get().secondsToExhaustion()).isCloseTo(1802.5, within(1e-6));
        assertThat(forecast.get().confidence())
                .as("as computed when the file was written")
                .isCloseTo(0.7362585681633133, within(1e-9));
    }

    @Test
    void forecasterEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FILE);
        assertThat(sample().toBytes()).isEqualTo(golden);
        assertThat(decoded().toBytes()).isEqualTo(golden);
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFile() {
        GoldenFiles.writeIfAbsent(FILE, sample().toBytes());
    }
}
