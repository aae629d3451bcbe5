package io.numbat.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.GoldenFiles;
import io.numbat.processor.anomaly.AnomalyDetectorGoldenTest;
import io.numbat.processor.bottleneck.NodeBottlenecksGolden;
import io.numbat.processor.forecast.ExhaustionForecaster;
import io.numbat.processor.forecast.ExhaustionForecasterGoldenTest;
import io.numbat.processor.state.StateFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Golden file of {@link NodeHealth} (NodeHealthSerde's store), holding one forecaster and one anomaly
 * detector: their bytes inside must be exactly their own golden files. One entry per map, so the
 * HashMap iteration order cannot make the bytes vary. Version 3 adds the bottleneck state, version 4 the open window
 * of anomaly scores. See {@link GoldenFiles} for how it was written.
 */
class NodeHealthGoldenTest {
    static final String FILE = "node-health-v4.bin";
    static final String FILE_V3 = "node-health-v3.bin";
    static final String FILE_V2 = "node-health-v2.bin";
    static final String FILE_V1 = "node-health-v1.bin";
    private static final ExhaustionForecaster.Settings SETTINGS = ExhaustionForecaster.Settings.defaults();

    /** Today's sample: the version-3 sample with one metric's anomaly scores in the open minute. */
    static NodeHealth sample() {
        NodeHealth h = sampleWithoutScores();
        h.scores.record(2, 0.25, 1_767_225_630_000L);
        h.scores.record(2, 0.125, 1_767_225_640_000L);
        return h;
    }

    /** The state of the version-3 sample: the version-2 sample with a raised mailbox bottleneck. */
    static NodeHealth sampleWithoutScores() {
        NodeHealth h = sampleWithoutBottlenecks();
        h.bottlenecks = NodeBottlenecksGolden.sample();
        return h;
    }

    /** The state of the version-1 and version-2 samples. */
    static NodeHealth sampleWithoutBottlenecks() {
        NodeHealth h = new NodeHealth();
        h.family = "web";
        h.levels.put("memory_high", 2);
        h.forecasters.put(10, ExhaustionForecasterGoldenTest.sample());
        h.predicted.put(10, new int[] {1, 3});
        h.detectors.put(2, AnomalyDetectorGoldenTest.sample());
        h.anomalies.put(2, new int[] {1, 17});
        return h;
    }

    @Test
    void nodeHealthOfTodaysFormatDecodes() {
        NodeHealth h = new NodeHealthSerde(SETTINGS).deserializer().deserialize("t", GoldenFiles.read(FILE));
        assertThat(h.family).isEqualTo("web");
        assertThat(h.levels).containsExactlyEntriesOf(Map.of("memory_high", 2));
        assertThat(h.forecasters).containsOnlyKeys(10);
        assertThat(h.forecasters.get(10).toBytes()).isEqualTo(GoldenFiles.read(ExhaustionForecasterGoldenTest.FILE));
        assertThat(h.predicted).containsOnlyKeys(10);
        assertThat(h.predicted.get(10)).containsExactly(1, 3);
        assertThat(h.detectors).containsOnlyKeys(2);
        assertThat(h.detectors.get(2).toBytes()).isEqualTo(GoldenFiles.read(AnomalyDetectorGoldenTest.FILE));
        assertThat(h.anomalies).containsOnlyKeys(2);
        assertThat(h.anomalies.get(2)).containsExactly(1, 17);
        NodeBottlenecksGolden.assertIsTheSample(h.bottlenecks);
        assertThat(h.scores.start()).isEqualTo(1_767_225_600_000L);
        assertThat(h.scores.scores()).containsOnlyKeys(2);
        assertThat(h.scores.scores().get(2)).containsExactly(0.25, 0.125, 2);
    }

    @Test
    void nodeHealthEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FILE);
        assertThat(sample().toBytes()).isEqualTo(golden);
        assertThat(NodeHealth.fromBytes(golden, SETTINGS).toBytes()).isEqualTo(golden);
    }

    @Test
    void nodeHealthOfVersion3ReadsAsTodayWithNoScores() {
        byte[] today = sampleWithoutScores().toBytes();
        assertThat(today[0]).isEqualTo(StateFormat.V4);
        NodeHealth h = NodeHealth.fromBytes(GoldenFiles.read(FILE_V3), SETTINGS);
        assertThat(h.scores.scores()).isEmpty();
        assertThat(h.toBytes()).isEqualTo(today);
    }

    @Test
    void nodeHealthOfVersions1And2ReadAsTodayWithoutBottlenecks() {
        byte[] today = sampleWithoutBottlenecks().toBytes();
        assertThat(today[0]).isEqualTo(StateFormat.V4);
        assertThat(NodeHealth.fromBytes(GoldenFiles.read(FILE_V1), SETTINGS).toBytes())
                .isEqualTo(today);
        assertThat(NodeHealth.fromBytes(GoldenFiles.read(FILE_V2), SETTINGS).toBytes())
                .isEqualTo(today);
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFile() {
        GoldenFiles.writeIfAbsent(FILE, sample().toBytes());
    }
}
