package io.numbat.processor.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Golden file of the anomaly detector's {@link DetectorState} (inside NodeHealth's store value).
 * See {@link GoldenFiles} for how it was written.
 */
public class AnomalyDetectorGoldenTest {
    public static final String FILE = "anomaly-detector-v1.bin";
    private static final long T0 = 1_700_000_000_000L;

    /** 42 samples a minute apart cycling through 50..62 (so 10 full blocks and 2 samples of an open one). */
    public static AnomalyDetector sample() {
        AnomalyDetector d = new AnomalyDetector(AnomalyDetector.Kind.TRANSITION);
        for (int i = 0; i < 42; i++) {
            d.score(T0 + i * 60_000L, 50 + (i * 7) % 13);
        }
        return d;
    }

    @Test
    void detectorStateOfTodaysFormatDecodes() {
        byte[] golden = GoldenFiles.read(FILE);
        assertThat(golden).hasSize(AnomalyDetector.STATE_BYTES);
        assertThat(golden[0]).as("version byte").isEqualTo((byte) 1);
        DetectorState s = DetectorState.fromBytes(golden);
        assertThat(s.count).isEqualTo(42);
        assertThat(s.lastMillis).isEqualTo(T0 + 41 * 60_000L);
        assertThat(s.min).isEqualTo(50);
        assertThat(s.max).isEqualTo(62);
        // the running statistics as computed when the file was written (exact: the bytes are the doubles)
        assertThat(s.mean).isEqualTo(51.989156789665365);
        assertThat(s.average).isEqualTo(0.5869815521580004);
        assertThat(s.longMean).isEqualTo(0.5118465481463155);
        assertThat(s.longVariance).isEqualTo(0.06009451906649657);
        assertThat(s.mute).isZero();
        // the block sequence (private) is checked by the byte round trip below and by scoring on
        assertThat(AnomalyDetector.fromBytes(golden).score(T0 + 42 * 60_000L, 56))
                .isEqualTo(sample().score(T0 + 42 * 60_000L, 56));
    }

    @Test
    void detectorEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FILE);
        assertThat(sample().toBytes()).isEqualTo(golden);
        assertThat(AnomalyDetector.fromBytes(golden).toBytes()).isEqualTo(golden);
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFile() {
        GoldenFiles.writeIfAbsent(FILE, sample().toBytes());
    }
}
