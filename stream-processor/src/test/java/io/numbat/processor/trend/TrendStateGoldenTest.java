package io.numbat.processor.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.numbat.processor.GoldenFiles;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.Sample;
import io.numbat.schemas.trend.TrendWindows;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Golden files of the trend state: {@link NodeTrends} (inside {@link WindowTrends}, with its
 * {@link TrendAccumulator}s), {@link WindowTrends} (WindowTrends.Serde) and {@link FamilyWindow}
 * (FamilyRollupProcessor.WindowSerde, with its {@link FamilyRollup}s). See {@link GoldenFiles} for how
 * they were written.
 */
class TrendStateGoldenTest {
    static final String NODE_TRENDS = "node-trends-v3.bin";
    static final String NODE_TRENDS_V1 = "node-trends-v1.bin";
    static final String WINDOW_TRENDS = "window-trends-v3.bin";
    static final String WINDOW_TRENDS_V2 = "window-trends-v2.bin";
    static final String WINDOW_TRENDS_V1 = "window-trends-v1.bin";
    static final String FAMILY_WINDOW = "family-window-v2.bin";
    static final String FAMILY_WINDOW_V1 = "family-window-v1.bin";
    static final String OPEN_WINDOWS = "open-windows-v3.bin";
    static final String OPEN_WINDOWS_V2 = "open-windows-v2.bin";
    static final String OPEN_WINDOWS_V1 = "open-windows-v1.bin";
    static final String FAMILY_PARTIAL = "family-partial-v2.bin";
    static final String FAMILY_PARTIAL_V1 = "family-partial-v1.bin";
    private static final int PROCESSES = MetricId.PROCESS_COUNT.id(); // a gauge
    private static final int REDUCTIONS = MetricId.REDUCTIONS.id(); // a counter
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;

    /** Three batches 10 s apart: processes 100, 110, 130; reductions 1000, 1500, then a reset to 200. */
    static NodeTrends nodeTrendsSample() {
        double[] processes = {100, 110, 130};
        double[] reductions = {1000, 1500, 200};
        NodeTrends n = new NodeTrends();
        for (int i = 0; i < 3; i++) {
            n.add(batch(T0 + i * 10_000L, i, processes[i], reductions[i]));
        }
        return n;
    }

    private static MetricBatch batch(long t, int sequence, double processes, double reductions) {
        return MetricBatch.newBuilder()
                .setNode("web-1")
                .setFamily("web")
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(sequence)
                .setSamples(List.of(new Sample(PROCESSES, processes), new Sample(REDUCTIONS, reductions)))
                .setLimits(List.of())
                .build();
    }

    static WindowTrends windowTrendsSample() {
        return new WindowTrends(T0, T0 + MINUTE, nodeTrendsSample());
    }

    /** A family window that handed out [T0 - 1 min, T0) and is filling [T0, T0 + 1 min) from one node. */
    static FamilyWindow familyWindowSample() {
        FamilyWindow w = new FamilyWindow();
        w.add(new WindowTrends(T0 - MINUTE, T0, nodeTrendsSample()), T0 + 1_000);
        w.finish();
        w.add(windowTrendsSample(), T0 + MINUTE + 2_000);
        return w;
    }

    private static void assertIsTheSample(NodeTrends n) {
        assertThat(n.family()).isEqualTo("web");
        assertThat(n.metrics()).containsOnlyKeys(PROCESSES, REDUCTIONS);
        TrendAccumulator p = n.metrics().get(PROCESSES);
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.mean()).isCloseTo(340.0 / 3, within(1e-9));
        assertThat(p.min()).isEqualTo(100);
        assertThat(p.max()).isEqualTo(130);
        assertThat(p.last()).isEqualTo(130);
        assertThat(p.slope()).isCloseTo(1.5, within(1e-9));
        TrendAccumulator r = n.metrics().get(REDUCTIONS);
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.min()).isEqualTo(200);
        assertThat(r.max()).isEqualTo(1500);
        assertThat(r.last()).isEqualTo(200);
        assertThat(r.rate()).as("500 then 200 after the reset, over 20 s").isCloseTo(35, within(1e-9));
    }

    @Test
    void nodeTrendsOfTodaysFormatDecode() {
        NodeTrends n = NodeTrends.fromBytes(GoldenFiles.read(NODE_TRENDS), true);
        assertIsTheSample(n);
        // the first value is only seen when an earlier window is merged with it: 1000 after 2000 is a reset
        NodeTrends earlier = new NodeTrends().add(batch(T0 - 10_000, 0, 90, 2000));
        assertThat(earlier.merge(n).metrics().get(REDUCTIONS).rate()).isCloseTo((1000 + 700) / 30.0, within(1e-9));
        assertThat(earlier.merge(n).metrics().get(PROCESSES).slope()).isCloseTo(1.3, within(1e-9));
    }

    @Test
    void nodeTrendsEncodeToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(NODE_TRENDS);
        assertThat(nodeTrendsSample().toBytes()).isEqualTo(golden);
        assertThat(NodeTrends.fromBytes(golden, true).toBytes()).isEqualTo(golden);
    }

    @Test
    void windowTrendsOfTodaysFormatDecode() {
        WindowTrends w = new WindowTrends.Serde().deserializer().deserialize("t", GoldenFiles.read(WINDOW_TRENDS));
        assertThat(w.start()).isEqualTo(T0);
        assertThat(w.end()).isEqualTo(T0 + MINUTE);
        assertIsTheSample(w.trends());
    }

    @Test
    void windowTrendsEncodeToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(WINDOW_TRENDS);
        assertThat(windowTrendsSample().toBytes()).isEqualTo(golden);
        assertThat(WindowTrends.fromBytes(golden).toBytes()).isEqualTo(golden);
    }

    @Test
    void familyWindowOfTodaysFormatDecodes() {
        FamilyWindow w = new FamilyRollupProcessor.WindowSerde()
                .deserializer()
                .deserialize("t", GoldenFiles.read(FAMILY_WINDOW));
        assertThat(w.open()).isTrue();
        assertThat(w.updatedAtMillis()).isEqualTo(T0 + MINUTE + 2_000);
        assertThat(w.isLater(new WindowTrends(T0, T0 + MINUTE, new NodeTrends())))
                .as("filling [T0, T0 + 1 min)")
                .isFalse();
        assertThat(w.isLater(new WindowTrends(T0 + MINUTE, T0 + 2 * MINUTE, new NodeTrends())))
                .isTrue();
        assertThat(w.add(new WindowTrends(T0 - MINUTE, T0, nodeTrendsSample()), T0 + MINUTE + 3_000))
                .as("[T0 - 1 min, T0) was handed out")
                .isFalse();
        List<MetricTrend> out = TrendWindows.perMetric(w.finish());
        assertThat(out).extracting(MetricTrend::getMetric).containsExactly(PROCESSES, REDUCTIONS);
        MetricTrend p = out.get(0);
        assertThat(p.getNode()).isEqualTo("family:web");
        assertThat(p.getFamily()).isEqualTo("web");
        assertThat(p.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(p.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + MINUTE));
        assertThat(p.getCount()).isEqualTo(3);
        assertThat(p.getMean()).isCloseTo(340.0 / 3, within(1e-9));
        assertThat(p.getMin()).isEqualTo(100);
        assertThat(p.getMax()).isEqualTo(130);
        assertThat(p.getLast()).isEqualTo(130);
        assertThat(p.getSlope()).isCloseTo(1.5, within(1e-9));
        assertThat(p.getRate()).as("a gauge has no rate").isNull();
        MetricTrend r = out.get(1);
        assertThat(r.getCount()).isEqualTo(3);
        assertThat(r.getMin()).isEqualTo(200);
        assertThat(r.getMax()).isEqualTo(1500);
        assertThat(r.getRate()).isCloseTo(35, within(1e-9));
    }

    @Test
    void familyWindowEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FAMILY_WINDOW);
        assertThat(familyWindowSample().toBytes()).isEqualTo(golden);
        assertThat(FamilyWindow.fromBytes(golden).toBytes()).isEqualTo(golden);
    }

    /** A node's open windows: the sample window and the next, empty one. */
    static OpenWindows openWindowsSample() {
        OpenWindows o = new OpenWindows();
        o.window(T0 + MINUTE, MINUTE);
        o.windows().add(0, windowTrendsSample());
        return o;
    }

    @Test
    void openWindowsOfTodaysFormatDecode() {
        OpenWindows o = new OpenWindows.Serde().deserializer().deserialize("t", GoldenFiles.read(OPEN_WINDOWS));
        assertThat(o.windows()).extracting(WindowTrends::start).containsExactly(T0, T0 + MINUTE);
        assertIsTheSample(o.windows().get(0).trends());
        assertThat(o.close(T0 + MINUTE).trends().size()).isEqualTo(2);
        assertThat(o.close(T0 + 2 * MINUTE).trends().size()).isZero();
        assertThat(o.isEmpty()).isTrue();
    }

    @Test
    void openWindowsEncodeToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(OPEN_WINDOWS);
        assertThat(openWindowsSample().toBytes()).isEqualTo(golden);
        assertThat(OpenWindows.fromBytes(golden).toBytes()).isEqualTo(golden);
    }

    @Test
    void familyPartialOfTodaysFormatDecodes() {
        FamilyPartial p = new FamilyPartial.Serde().deserializer().deserialize("t", GoldenFiles.read(FAMILY_PARTIAL));
        assertThat(p.family()).isEqualTo("web");
        assertThat(p.start()).isEqualTo(T0);
        assertThat(p.end()).isEqualTo(T0 + MINUTE);
        assertThat(p.metrics()).containsOnlyKeys(PROCESSES, REDUCTIONS);
        assertThat(p.metrics().get(PROCESSES).nodes()).as("two nodes' windows").isEqualTo(2);
    }

    @Test
    void familyPartialEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FAMILY_PARTIAL);
        assertThat(FamilyPartial.of(windowTrendsSample())
                        .add(nodeTrendsSample())
                        .toBytes())
                .isEqualTo(golden);
        assertThat(FamilyPartial.fromBytes(golden).toBytes()).isEqualTo(golden);
    }

    @Test
    void nodeTrendsOfTheFixedSizeLayoutReadAsToday() {
        assertThat(NodeTrends.fromBytes(GoldenFiles.read(NODE_TRENDS_V1), false).toBytes())
                .isEqualTo(GoldenFiles.read(NODE_TRENDS));
    }

    @Test
    void windowTrendsOfVersion2ReadsAsToday() {
        assertThat(WindowTrends.fromBytes(GoldenFiles.read(WINDOW_TRENDS_V2)).toBytes())
                .isEqualTo(GoldenFiles.read(WINDOW_TRENDS));
    }

    @Test
    void openWindowsOfVersion2ReadsAsToday() {
        assertThat(OpenWindows.fromBytes(GoldenFiles.read(OPEN_WINDOWS_V2)).toBytes())
                .isEqualTo(GoldenFiles.read(OPEN_WINDOWS));
    }

    @Test
    void windowTrendsOfVersion1ReadsAsToday() {
        assertThat(WindowTrends.fromBytes(GoldenFiles.read(WINDOW_TRENDS_V1)).toBytes())
                .isEqualTo(GoldenFiles.read(WINDOW_TRENDS));
    }

    @Test
    void familyWindowOfVersion1ReadsAsToday() {
        assertThat(FamilyWindow.fromBytes(GoldenFiles.read(FAMILY_WINDOW_V1)).toBytes())
                .isEqualTo(GoldenFiles.read(FAMILY_WINDOW));
    }

    @Test
    void openWindowsOfVersion1ReadsAsToday() {
        assertThat(OpenWindows.fromBytes(GoldenFiles.read(OPEN_WINDOWS_V1)).toBytes())
                .isEqualTo(GoldenFiles.read(OPEN_WINDOWS));
    }

    @Test
    void familyPartialOfVersion1ReadsAsToday() {
        assertThat(FamilyPartial.fromBytes(GoldenFiles.read(FAMILY_PARTIAL_V1)).toBytes())
                .isEqualTo(GoldenFiles.read(FAMILY_PARTIAL));
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFiles() {
        GoldenFiles.writeIfAbsent(NODE_TRENDS, nodeTrendsSample().toBytes());
        GoldenFiles.writeIfAbsent(WINDOW_TRENDS, windowTrendsSample().toBytes());
        GoldenFiles.writeIfAbsent(FAMILY_WINDOW, familyWindowSample().toBytes());
        GoldenFiles.writeIfAbsent(OPEN_WINDOWS, openWindowsSample().toBytes());
        GoldenFiles.writeIfAbsent(
                FAMILY_PARTIAL,
                FamilyPartial.of(windowTrendsSample()).add(nodeTrendsSample()).toBytes());
    }
}
