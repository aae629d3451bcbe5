package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.TrendWindow;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import io.numbat.schemas.trend.TrendWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the production topology (from {@link TopologyFactory}) with {@link TopologyTestDriver}. */
class TopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private Serializer<MetricBatch> batchSerializer;
    private TestOutputTopic<String, TrendWindow> trends;
    private TestOutputTopic<String, ScalingDecision> decisions;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        ProcessorSettings settings = ProcessorSettings.defaults(stateDir)
                .withTrendWindow(Duration.ofSeconds(10), Duration.ZERO)
                .withScaling(
                        new ScalingPolicy(0.6, 0.75, 0.35, Duration.ofSeconds(30), Duration.ofMinutes(15), 1, 10, 5));
        Properties props = TopologyFactory.topologyProperties(settings, registry);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TopologyFactory.build(settings, registry), props, Instant.ofEpochMilli(T0));
        metrics = driver.createInputTopic(
                Topics.METRICS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        batchSerializer = Topics.METRICS.valueSerde(registry).serializer();
        trends = driver.createOutputTopic(
                Topics.TREND_WINDOWS.name(),
                Serdes.String().deserializer(),
                Topics.TREND_WINDOWS.valueSerde(registry).deserializer());
        decisions = driver.createOutputTopic(
                Topics.SCALING_DECISIONS.name(),
                Serdes.String().deserializer(),
                Topics.SCALING_DECISIONS.valueSerde(registry).deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(),
                Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String node, String family, long at, double utilisation, double processes) {
        MetricBatch batch = MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(at))
                .setSequence(at)
                .setSamples(List.of(
                        new Sample(MetricId.SCHEDULER_UTILISATION.id(), utilisation),
                        new Sample(MetricId.PROCESS_COUNT.id(), processes)))
                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0)))
                .build();
        metrics.pipeInput(new TestRecord<>(
                node, batchSerializer.serialize(Topics.METRICS.name(), batch), Instant.ofEpochMilli(at)));
    }

    private long nodesWithTrends() {
        return trendRows().stream()
                .filter(t -> !t.getNode().startsWith("family:"))
                .map(MetricTrend::getNode)
                .distinct()
                .count();
    }

    @Test
    void handsATicksClosedWindowsOnOnceTheInputIsIdle() {
        for (int n = 0; n < 50; n++) {
            send("n" + n, "web", T0, 0.5, 100);
        }
        send("n0", "web", T0 + 10_000, 0.5, 100); // closes all 50 windows of [T0, T0+10s)
        assertThat(nodesWithTrends())
                .as("50 closed windows wait: the batches behind them (and their alarms) go first")
                .isZero();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(nodesWithTrends())
                .as("all handed on once no batch came for a while")
                .isEqualTo(50);
    }

    @Test
    void handsClosedWindowsOnWithinTwoSecondsWhenBatchesNeverStop() {
        for (int n = 0; n < 50; n++) {
            send("n" + n, "web", T0, 0.5, 100);
        }
        long t = T0 + 10_000;
        send("n0", "web", t, 0.5, 100); // closes all 50 windows of [T0, T0+10s)
        long handedOn = 0;
        for (int i = 1; i <= 60; i++) { // a batch every 40 ms of wall clock: never idle
            driver.advanceWallClockTime(Duration.ofMillis(40));
            send("n0", "web", t + i, 0.5, 100);
            handedOn += nodesWithTrends();
            if (i == 45) {
                assertThat(handedOn).as("1.8 s busy: still waiting").isZero();
            }
        }
        assertThat(handedOn).as("after 2 s they go on anyway").isEqualTo(50);
    }

    @Test
    void summarisesEachNodeMetricPerWindowOnceTheWindowCloses() {
        send("a", "web", T0, 0.5, 100);
        send("a", "web", T0 + 5_000, 0.7, 200);
        assertThat(trends.isEmpty()).as("window still open").isTrue();
        send("a", "web", T0 + 10_000, 0.1, 300); // closes [T0, T0+10s)

        List<TestRecord<String, TrendWindow>> out = trends.readRecordsToList();
        assertThat(out)
                .extracting(TestRecord::key)
                .as("one record per node and window")
                .containsExactly("a");
        assertThat(out.get(0).value().getMetrics())
                .extracting(s -> s.getMetric())
                .containsExactlyInAnyOrder(MetricId.SCHEDULER_UTILISATION.id(), MetricId.PROCESS_COUNT.id());
        MetricTrend processes = TrendWindows.perMetric(out.get(0).value()).stream()
                .filter(t -> t.getMetric() == MetricId.PROCESS_COUNT.id())
                .findFirst()
                .orElseThrow();
        assertThat(processes.getMean()).isEqualTo(150);
        assertThat(processes.getMin()).isEqualTo(100);
        assertThat(processes.getMax()).isEqualTo(200);
        assertThat(processes.getSlope()).isEqualTo(20);
        assertThat(processes.getFamily()).isEqualTo("web");
        assertThat(processes.getRate()).as("a gauge has no rate").isNull();
        assertThat(processes.getWindowStart().toEpochMilli()).isEqualTo(T0);
    }

    @Test
    void scalesOutAnOverloadedFamilyOncePerCooldown() {
        for (long t = T0; t <= T0 + 60_000; t += 5_000) {
            send("w1", "web", t, 0.9, 100);
            send("w2", "web", t, 0.85, 100);
            send("d1", "db", t, 0.3, 100);
        }
        List<ScalingDecision> out = decisions.readValuesToList();
        assertThat(out).isNotEmpty().allSatisfy(d -> {
            assertThat(d.getFamily()).isEqualTo("web");
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
            assertThat(d.getCount()).isEqualTo(1);
            assertThat(d.getReason()).contains("web").contains("above the 75% threshold");
        });
        // windows close at +10s .. +60s; a 30 s cooldown allows decisions at +10s and +40s only
        assertThat(out).hasSize(2);
        assertThat(out).extracting(ScalingDecision::getId).doesNotHaveDuplicates();
    }

    @Test
    void sendsUnreadableRecordsToTheDeadLetterTopicAndKeepsGoing() {
        send("a", "web", T0, 0.5, 100);
        metrics.pipeInput(new TestRecord<>(
                "bad", new byte[] {0x41, 0x42, 0x43, 0x44, 0x45, 0x46}, Instant.ofEpochMilli(T0 + 1_000)));
        metrics.pipeInput(
                new TestRecord<>("bad2", new byte[] {0, 0, 0, 0, 1, (byte) 0xff}, Instant.ofEpochMilli(T0 + 1_500)));
        metrics.pipeInput(new TestRecord<>("tombstone", (byte[]) null, Instant.ofEpochMilli(T0 + 1_700)));
        send("a", "web", T0 + 2_000, 0.5, 100);
        send("a", "web", T0 + 10_000, 0.5, 100);

        List<TestRecord<String, DeadLetter>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(dead).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(Topics.METRICS.name());
            assertThat(r.value().getSourceTopic()).isEqualTo(Topics.METRICS.name());
            assertThat(r.value().getComponent()).isEqualTo(TopologyFactory.COMPONENT);
            assertThat(r.value().getError()).isNotBlank();
        });
        assertThat(dead).extracting(r -> r.value().getOffset()).containsExactly(1L, 2L, 3L);
        assertThat(dead.get(0).value().getValue().array()).containsExactly(0x41, 0x42, 0x43, 0x44, 0x45, 0x46);
        assertThat(dead.get(0).value().getError()).containsIgnoringCase("magic");
        assertThat(trendRows()).extracting(MetricTrend::getCount).containsOnly(2L);
    }

    @Test
    void rollsKeyMetricsUpPerFamilyOneWindowLater() {
        for (long t = T0; t <= T0 + 20_000; t += 5_000) {
            send("a", "web", t, 0.5, 100);
            send("b", "web", t, 0.7, 300);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(2)); // each task hands its partial roll-ups on every 2 s
        List<MetricTrend> rollups = trendRows().stream()
                .filter(t -> t.getNode().equals("family:web"))
                .toList();
        assertThat(rollups)
                .extracting(MetricTrend::getMetric)
                .containsExactlyInAnyOrder(MetricId.SCHEDULER_UTILISATION.id(), MetricId.PROCESS_COUNT.id());
        MetricTrend processes = rollups.stream()
                .filter(t -> t.getMetric() == MetricId.PROCESS_COUNT.id())
                .findFirst()
                .orElseThrow();
        assertThat(processes.getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(processes.getMean()).isEqualTo(200);
        assertThat(processes.getMin()).isEqualTo(100);
        assertThat(processes.getMax()).isEqualTo(300);
        assertThat(processes.getCount()).isEqualTo(4);
    }

    @Test
    void buildsFiveMinuteTrendsFromTheFinerWindows() {
        // settings: 10 s windows, then the default 5 min and 1 h; one batch every 5 s for 5 min 10 s
        for (long t = T0; t <= T0 + 310_000; t += 5_000) {
            send("a", "web", t, 0.5, 100 + (t - T0) / 1_000.0);
        }
        List<MetricTrend> fiveMinutes = trendRows().stream()
                .filter(t -> t.getNode().equals("a") && t.getMetric() == MetricId.PROCESS_COUNT.id())
                .filter(t ->
                        t.getWindowEnd().toEpochMilli() - t.getWindowStart().toEpochMilli() == 300_000)
                .toList();
        assertThat(fiveMinutes)
                .as("the 5 min window closed with its last 10 s window")
                .hasSize(1);
        MetricTrend w = fiveMinutes.get(0);
        assertThat(w.getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(w.getCount()).isEqualTo(60);
        assertThat(w.getMin()).isEqualTo(100);
        assertThat(w.getMax()).isEqualTo(395);
        assertThat(w.getMean()).isEqualTo(247.5);
        assertThat(w.getSlope()).as("one process per second").isCloseTo(1.0, Assertions.within(1e-9));
    }

    @Test
    void rollsAFamilyWindowUpOnceItsNodesHaveBeenQuietForThirtySeconds() {
        for (long t = T0; t <= T0 + 10_000; t += 5_000) {
            send("a", "web", t, 0.5, 100);
            send("b", "web", t, 0.7, 300);
        }
        // [T0, T0+10s) closed; nothing of a later window has reached the roll-up yet
        assertThat(trendRows()).noneMatch(t -> t.getNode().startsWith("family:"));
        driver.advanceWallClockTime(Duration.ofSeconds(2)); // the partial roll-ups reach the family's task
        assertThat(trendRows()).as("not quiet yet").noneMatch(t -> t.getNode().startsWith("family:"));
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        List<MetricTrend> rollups = trendRows().stream()
                .filter(t -> t.getNode().equals("family:web"))
                .toList();
        assertThat(rollups)
                .extracting(MetricTrend::getMetric)
                .containsExactlyInAnyOrder(MetricId.SCHEDULER_UTILISATION.id(), MetricId.PROCESS_COUNT.id());
        assertThat(rollups)
                .allSatisfy(t -> assertThat(t.getWindowStart().toEpochMilli()).isEqualTo(T0));
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        assertThat(trendRows()).as("published once").isEmpty();
    }

    @Test
    void scalesOutWhenMostNodesAreForecastToHitALimitAndSaysSo() {
        // utilisation stays at 50 %: only the forecasts can ask for nodes; 3 of 4 leak processes
        for (long t = T0; t <= T0 + 300_000; t += 5_000) {
            double leaked = 100_000 + 270 * (t - T0) / 1_000.0; // the limit 262,144 is ~10 min away at the start
            send("w1", "web", t, 0.5, leaked);
            send("w2", "web", t, 0.5, leaked);
            send("w3", "web", t, 0.5, leaked);
            send("w4", "web", t, 0.5, 100_000);
        }
        List<ScalingDecision> out = decisions.readValuesToList();
        // the first decision may come when 2 of the 3 forecasts of a block are in (2 of 4 is the quorum)
        assertThat(out).isNotEmpty().allSatisfy(d -> {
            assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
            assertThat(d.getReason())
                    .matches(
                            "([23]) of 4 web nodes forecast to hit process_limit in \\d+ (s|min); \\1 more share the load");
            assertThat(d.getCount()).isBetween(2, 3);
        });
        assertThat(out).anySatisfy(d -> assertThat(d.getReason()).startsWith("3 of 4"));
        assertThat(out).extracting(ScalingDecision::getId).doesNotHaveDuplicates();
    }

    @Test
    void aSingleLeakingNodeOfFourDoesNotScaleTheFamily() {
        for (long t = T0; t <= T0 + 300_000; t += 5_000) {
            send("w1", "web", t, 0.5, 100_000 + 270 * (t - T0) / 1_000.0);
            send("w2", "web", t, 0.5, 100_000);
            send("w3", "web", t, 0.5, 100_000);
            send("w4", "web", t, 0.5, 100_000);
        }
        assertThat(decisions.readValuesToList()).isEmpty();
    }

    /** Every trend window published so far, one row per metric. */
    private List<MetricTrend> trendRows() {
        return trends.readValuesToList().stream()
                .flatMap(w -> TrendWindows.perMetric(w).stream())
                .toList();
    }
}
