package io.numbat.processor.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.GoldenFiles;
import io.numbat.schemas.PolicyMode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Golden files of the scaling state: {@link FamilyLoad} (store of FamilyScalingProcessor) and
 * {@link LoadSignal} (repartition topic). See {@link GoldenFiles} for how they were written.
 */
class ScalingStateGoldenTest {
    static final String FAMILY_LOAD = "family-load-v2.bin";
    static final String FAMILY_LOAD_V1 = "family-load-v1.bin";
    static final String LOAD_SIGNAL = "load-signal-v2.bin";
    static final String LOAD_SIGNAL_V1 = "load-signal-v1.bin";
    /** The policy-mode trailer of a FamilyLoad: mode byte, pinned nodes int, mode-since long. */
    private static final int MODE_TRAILER_BYTES = 1 + Integer.BYTES + Long.BYTES;

    static FamilyLoad familyLoadSample() {
        FamilyLoad f = new FamilyLoad();
        f.update("web-1", 0.25, 1_700_000_000_000L);
        f.update("web-2", 0.75, 1_700_000_005_000L);
        f.forecast("web-1", 10, 120.5, 1_700_000_001_000L);
        f.scaledOutAt(1_699_999_000_000L);
        f.scaledInAt(1_699_998_000_000L);
        f.mode(PolicyMode.PINNED, 4, 1_699_999_500_000L);
        return f;
    }

    static LoadSignal loadSignalSample() {
        return LoadSignal.forecast("web-1", 10, 42.5, 1_700_000_002_000L);
    }

    @Test
    void familyLoadOfTodaysFormatDecodes() {
        FamilyLoad f = FamilyLoad.fromBytes(GoldenFiles.read(FAMILY_LOAD));
        assertThat(f.lastScaleOutMillis()).isEqualTo(1_699_999_000_000L);
        assertThat(f.lastScaleInMillis()).isEqualTo(1_699_998_000_000L);
        assertThat(f.nodes()).containsOnlyKeys("web-1", "web-2");
        assertThat(f.nodes().get("web-1")).isEqualTo(new FamilyLoad.NodeLoad(0.25, 1_700_000_000_000L));
        assertThat(f.nodes().get("web-2")).isEqualTo(new FamilyLoad.NodeLoad(0.75, 1_700_000_005_000L));
        assertThat(f.forecasts()).containsOnlyKeys("web-1");
        assertThat(f.forecasts().get("web-1")).isEqualTo(new FamilyLoad.NodeForecast(10, 120.5, 1_700_000_001_000L));
        assertThat(f.mode()).isEqualTo(PolicyMode.PINNED);
        assertThat(f.pinnedNodes()).isEqualTo(4);
        assertThat(f.modeSinceMillis()).isEqualTo(1_699_999_500_000L);
    }

    @Test
    void familyLoadWrittenBeforePolicyModesReadsAsAuto() {
        byte[] golden = GoldenFiles.read(FAMILY_LOAD_V1);
        FamilyLoad f = FamilyLoad.fromBytes(Arrays.copyOf(golden, golden.length - MODE_TRAILER_BYTES));
        assertThat(f.nodes()).containsOnlyKeys("web-1", "web-2");
        assertThat(f.forecasts()).containsOnlyKeys("web-1");
        assertThat(f.mode()).isEqualTo(PolicyMode.AUTO);
        assertThat(f.modeSinceMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void familyLoadEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FAMILY_LOAD);
        assertThat(familyLoadSample().toBytes()).isEqualTo(golden);
        assertThat(FamilyLoad.fromBytes(golden).toBytes()).isEqualTo(golden);
    }

    @Test
    void loadSignalOfTodaysFormatDecodes() {
        LoadSignal s = LoadSignal.fromBytes(GoldenFiles.read(LOAD_SIGNAL));
        assertThat(s).isEqualTo(new LoadSignal("web-1", LoadSignal.Kind.FORECAST, 10, 42.5, 1_700_000_002_000L));
    }

    @Test
    void loadSignalEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(LOAD_SIGNAL);
        assertThat(loadSignalSample().toBytes()).isEqualTo(golden);
        assertThat(new LoadSignal.Serde().serializer().serialize("t", LoadSignal.fromBytes(golden)))
                .isEqualTo(golden);
    }

    @Test
    void familyLoadOfVersion1ReadsAsToday() {
        assertThat(FamilyLoad.fromBytes(GoldenFiles.read(FAMILY_LOAD_V1)).toBytes())
                .isEqualTo(GoldenFiles.read(FAMILY_LOAD));
    }

    @Test
    void loadSignalOfVersion1ReadsAsToday() {
        assertThat(LoadSignal.fromBytes(GoldenFiles.read(LOAD_SIGNAL_V1)).toBytes())
                .isEqualTo(GoldenFiles.read(LOAD_SIGNAL));
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFiles() {
        GoldenFiles.writeIfAbsent(FAMILY_LOAD, familyLoadSample().toBytes());
        GoldenFiles.writeIfAbsent(LOAD_SIGNAL, loadSignalSample().toBytes());
    }
}
