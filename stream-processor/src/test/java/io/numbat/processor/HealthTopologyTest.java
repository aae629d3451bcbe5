package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricAnomalyScore;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.Severity;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alarms and forecasts through the production topology. */
class HealthTopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final double LIMIT = 262_144;

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private Serializer<MetricBatch> serializer;
    private TestOutputTopic<String, Alarm> alarms;
    private TestOutputTopic<String, ExhaustionForecast> forecasts;
    private TestOutputTopic<String, AnomalyScores> anomalyScores;
    private long sequence;
    private long wall = T0;

    /** Moves the driver's wall clock forward, as time passes between batches in production. */
    private void advanceWallTo(long millis) {
        if (millis > wall) {
            driver.advanceWallClockTime(Duration.ofMillis(millis - wall));
            wall = millis;
        }
    }

    @BeforeEach
    void start() {
        ProcessorSettings settings = ProcessorSettings.defaults(stateDir);
        Properties props = TopologyFactory.topologyProperties(settings, registry);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TopologyFactory.build(settings, registry), props, Instant.ofEpochMilli(T0));
        metrics = driver.createInputTopic(
                Topics.METRICS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        serializer = Topics.METRICS.valueSerde(registry).serializer();
        alarms = driver.createOutputTopic(
                Topics.ALARMS.name(),
                Serdes.String().deserializer(),
                Topics.ALARMS.valueSerde(registry).deserializer());
        forecasts = driver.createOutputTopic(
                Topics.FORECASTS.name(),
                Serdes.String().deserializer(),
                Topics.FORECASTS.valueSerde(registry).deserializer());
        anomalyScores = driver.createOutputTopic(
                Topics.ANOMALY_SCORES.name(),
                Serdes.String().deserializer(),
                Topics.ANOMALY_SCORES.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String node, long at, MetricId metric, double value) {
        advanceWallTo(at);
        MetricBatch b = MetricBatch.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setTimestamp(Instant.ofEpochMilli(at))
                .setSequence(sequence++)
                .setSamples(List.of(new Sample(metric.id(), value)))
                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), LIMIT)))
                .build();
        metrics.pipeInput(
                new TestRecord<>(node, serializer.serialize(Topics.METRICS.name(), b), Instant.ofEpochMilli(at)));
    }

    private List<Alarm> alarms(String type) {
        List<Alarm> out = new ArrayList<>();
        for (Alarm a : alarms.readValuesToList()) {
            if (a.getType().equals(type)) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void processLimitAlarmIsRaisedOnceUpgradedOnceAndClearedOnceDespiteHovering() {
        double[] ratios = {0.5, 0.71, 0.69, 0.71, 0.70, 0.86, 0.84, 0.86, 0.80, 0.66, 0.64, 0.60};
        for (int i = 0; i < ratios.length; i++) {
            send("a", T0 + i * 10_000L, MetricId.PROCESS_COUNT, ratios[i] * LIMIT);
        }
        List<Alarm> out = alarms("process_limit");
        assertThat(out)
                .extracting(Alarm::getState, Alarm::getSeverity)
                .containsExactly(
                        Tuple.tuple(AlarmState.RAISED, Severity.MINOR),
                        Tuple.tuple(AlarmState.RAISED, Severity.MAJOR),
                        Tuple.tuple(AlarmState.RAISED, Severity.MINOR),
                        Tuple.tuple(AlarmState.CLEARED, Severity.MINOR));
        assertThat(out).extracting(Alarm::getId).containsOnly("a/process_limit");
        assertThat(out.get(0).getLimit()).isEqualTo(LIMIT);
        assertThat(out.get(0).getCause()).contains("process_count at 71% of its limit");
    }

    @Test
    void predictsExhaustionMinutesBeforeALeakHitsTheLimit() {
        // a process leak from 1,000 to the limit in 8 minutes, one batch every 10 s
        long hitsLimitAt = T0 + 480_000;
        for (long t = T0; t <= hitsLimitAt; t += 10_000) {
            send("leaky", t, MetricId.PROCESS_COUNT, 1_000 + (LIMIT - 1_000) * (t - T0) / 480_000.0);
        }
        List<ExhaustionForecast> fc = forecasts.readValuesToList();
        assertThat(fc).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getMetric()).isEqualTo(MetricId.PROCESS_COUNT.id());
            assertThat(f.getLimit()).isEqualTo(LIMIT);
        });
        Alarm raised = alarms("predicted_exhaustion").get(0);
        assertThat(raised.getState()).isEqualTo(AlarmState.RAISED);
        assertThat(hitsLimitAt - raised.getTimestamp().toEpochMilli())
                .as("lead time")
                .isGreaterThanOrEqualTo(120_000);
        assertThat(raised.getCause()).contains("process_count forecast to reach its limit");
        assertThat(raised.getSecondsToExhaustion()).isPositive();
        assertThat(raised.getId()).isEqualTo("leaky/predicted_exhaustion/process_count");
    }

    @Test
    void steadyNodeRaisesNothing() {
        for (long t = T0; t < T0 + 1_800_000; t += 10_000) {
            send("calm", t, MetricId.PROCESS_COUNT, 1_000 + (t / 10_000 % 7) * 10);
        }
        assertThat(alarms.readValuesToList()).isEmpty();
        assertThat(forecasts.readValuesToList()).isEmpty();
    }

    @Test
    void silentNodeIsDownAfterTheGracePeriodAndClearedWhenItReportsAgain() {
        send("quiet", T0, MetricId.PROCESS_COUNT, 1_000);
        advanceWallTo(T0 + 20_000);
        assertThat(alarms("node_down")).isEmpty();
        advanceWallTo(T0 + 40_000);
        List<Alarm> down = alarms("node_down");
        assertThat(down).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlarmState.RAISED);
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.getCause()).contains("no metrics from quiet");
        });
        advanceWallTo(T0 + 100_000);
        assertThat(alarms("node_down")).as("raised once").isEmpty();
        send("quiet", T0 + 100_000, MetricId.PROCESS_COUNT, 1_000);
        assertThat(alarms("node_down"))
                .singleElement()
                .satisfies(a -> assertThat(a.getState()).isEqualTo(AlarmState.CLEARED));
    }

    @Test
    void anomalyAlarmIsRaisedOnceAndClearedAfterQuietSamples() {
        SplittableRandom random = new SplittableRandom(3);
        long t = T0;
        for (int i = 0; i < 400; i++, t += 10_000) {
            send("odd", t, MetricId.SCHEDULER_UTILISATION, 0.5 + random.nextGaussian() * 0.02);
        }
        assertThat(alarms("anomaly"))
                .as("nothing during warm-up and normal running")
                .isEmpty();
        for (int i = 0; i < 5; i++, t += 10_000) {
            send("odd", t, MetricId.SCHEDULER_UTILISATION, 0.99);
        }
        assertThat(alarms("anomaly")).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlarmState.RAISED);
            assertThat(a.getId()).isEqualTo("odd/anomaly/scheduler_utilisation");
            assertThat(a.getValue()).isGreaterThanOrEqualTo(0.95);
        });
        for (int i = 0; i < 40; i++, t += 10_000) {
            send("odd", t, MetricId.SCHEDULER_UTILISATION, 0.99);
        }
        assertThat(alarms("anomaly"))
                .singleElement()
                .satisfies(a -> assertThat(a.getState()).isEqualTo(AlarmState.CLEARED));
    }

    @Test
    void anomalousMetricsScoreIsPublishedOncePerNodeAndMinute() {
        SplittableRandom random = new SplittableRandom(3);
        long t = T0;
        for (int i = 0; i < 400; i++, t += 10_000) {
            send("odd", t, MetricId.SCHEDULER_UTILISATION, 0.5 + random.nextGaussian() * 0.02);
        }
        long anomalyAt = t;
        for (int i = 0; i < 5; i++, t += 10_000) {
            send("odd", t, MetricId.SCHEDULER_UTILISATION, 0.99);
        }
        send("odd", anomalyAt + 120_000, MetricId.SCHEDULER_UTILISATION, 0.5); // closes the anomaly's minute

        List<TestRecord<String, AnomalyScores>> published = anomalyScores.readRecordsToList();
        assertThat(published).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("odd");
            assertThat(r.value().getNode()).isEqualTo("odd");
            assertThat(r.value().getFamily()).isEqualTo("web");
            assertThat(r.value().getWindowEnd().toEpochMilli()
                            - r.value().getWindowStart().toEpochMilli())
                    .isEqualTo(60_000);
            assertThat(r.value().getAlarmThreshold())
                    .as("the anomaly alarm's threshold, for charts")
                    .isEqualTo(0.95);
            assertThat(r.value().getScores())
                    .extracting(MetricAnomalyScore::getMetric)
                    .containsExactly(MetricId.SCHEDULER_UTILISATION.id());
        });
        assertThat(published)
                .as("one record per minute: 400 samples at 10 s and the anomaly span 68 minutes")
                .hasSizeBetween(67, 69);
        List<AnomalyScores> quiet = published.stream()
                .map(TestRecord::value)
                .filter(s -> s.getWindowEnd().toEpochMilli() <= anomalyAt)
                .toList();
        assertThat(quiet)
                .hasSizeGreaterThan(60)
                .allSatisfy(s -> assertThat(s.getScores().get(0).getMax()).isLessThan(0.5));
        AnomalyScores anomalous = published.stream()
                .map(TestRecord::value)
                .filter(s -> s.getWindowStart().toEpochMilli() <= anomalyAt
                        && anomalyAt < s.getWindowEnd().toEpochMilli())
                .findFirst()
                .orElseThrow();
        MetricAnomalyScore score = anomalous.getScores().get(0);
        assertThat(score.getMax()).as("the score behind the anomaly alarm").isGreaterThanOrEqualTo(0.95);
        assertThat(score.getSamples()).isEqualTo(6);
        assertThat(score.getLast()).isBetween(0.0, score.getMax());
        assertThat(alarms("anomaly"))
                .singleElement()
                .satisfies(a -> assertThat(a.getValue()).isEqualTo(score.getMax(), offset(1e-6)));
    }

    @Test
    void batchesFromAClockFarAheadOrBehindGoToDeadLettersNotIntoTheWindows() {
        TestOutputTopic<String, DeadLetter> dead = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(),
                Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).deserializer());
        MetricBatch future = MetricBatch.newBuilder()
                .setNode("skewed")
                .setFamily("web")
                .setTimestamp(Instant.ofEpochMilli(T0 + Duration.ofDays(365).toMillis()))
                .setSequence(0)
                .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 0.9 * LIMIT)))
                .setLimits(List.of())
                .build();
        metrics.pipeInput(new TestRecord<>(
                "skewed", serializer.serialize(Topics.METRICS.name(), future), Instant.ofEpochMilli(T0)));
        MetricBatch past = MetricBatch.newBuilder(future)
                .setTimestamp(Instant.ofEpochMilli(T0 - Duration.ofDays(3).toMillis()))
                .build();
        metrics.pipeInput(new TestRecord<>(
                "skewed", serializer.serialize(Topics.METRICS.name(), past), Instant.ofEpochMilli(T0)));
        assertThat(dead.readValuesToList())
                .extracting(d -> d.getError())
                .satisfiesExactly(
                        e -> assertThat(e).contains("in the future"),
                        e -> assertThat(e).contains("in the past"));
        assertThat(alarms.readValuesToList()).isEmpty();
    }

    @Test
    void nonFiniteAndNegativeValuesRaiseNothing() {
        send("odd", T0, MetricId.PROCESS_COUNT, Double.NaN);
        send("odd", T0 + 10_000, MetricId.PROCESS_COUNT, Double.POSITIVE_INFINITY);
        send("odd", T0 + 20_000, MetricId.PROCESS_COUNT, -5);
        assertThat(alarms.readValuesToList()).isEmpty();
    }

    @Test
    void longMessageQueueAlarm() {
        send("mq", T0, MetricId.MAX_MESSAGE_QUEUE, 50_000);
        send("mq", T0 + 10_000, MetricId.MAX_MESSAGE_QUEUE, 9_000);
        send("mq", T0 + 20_000, MetricId.MAX_MESSAGE_QUEUE, 10);
        assertThat(alarms("long_message_queue"))
                .extracting(Alarm::getState, Alarm::getSeverity)
                .containsExactly(
                        Tuple.tuple(AlarmState.RAISED, Severity.MAJOR),
                        Tuple.tuple(AlarmState.CLEARED, Severity.MINOR));
    }
}
