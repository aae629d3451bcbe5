package io.numbat.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.GoldenFiles;
import io.numbat.processor.anomaly.AnomalyDetector;
import io.numbat.processor.anomaly.AnomalyDetectorGoldenTest;
import io.numbat.processor.forecast.ExhaustionForecaster;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The health rules on their own, without Kafka. */
class HealthRulesTest {
    private final HealthRules rules = new HealthRules(HealthRules.Settings.defaults());
    private long sequence;

    private List<Alarm> feed(
            NodeHealth h, String node, String family, long t, MetricId metric, double value, double limit) {
        MetricBatch b = MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(sequence++)
                .setSamples(List.of(new Sample(metric.id(), value)))
                .setLimits(List.of(new Sample(metric.id(), limit)))
                .build();
        List<Alarm> out = new ArrayList<>();
        for (HealthOutput o : rules.onBatch(h, b, t)) {
            if (o.alarm() != null) {
                out.add(o.alarm());
            }
        }
        return out;
    }

    @Test
    void eachFamilyHasItsOwnNodeDownTime() {
        AlarmThresholds d = AlarmThresholds.of(HealthRules.Settings.defaults());
        HealthRules perFamily = new HealthRules(
                HealthRules.Settings.defaults(),
                family -> family.equals("db")
                        ? new AlarmThresholds(d.limits(), d.messageQueue(), d.anomalyThreshold(), Duration.ofSeconds(5))
                        : null);
        NodeHealth db = new NodeHealth();
        NodeHealth web = new NodeHealth();
        perFamily.onBatch(db, batch("db-1", "db", 0), 0);
        perFamily.onBatch(web, batch("web-1", "web", 0), 0);

        assertThat(perFamily.onTimer("db-1", db.liveness(), 10_000))
                .as("5 s for db")
                .hasValueSatisfying(o -> assertThat(o.alarm().getType()).isEqualTo("node_down"));
        assertThat(perFamily.onTimer("web-1", web.liveness(), 10_000))
                .as("the default 30 s for web")
                .isEmpty();
        assertThat(perFamily.onTimer("web-1", web.liveness(), 31_000)).isPresent();
    }

    private MetricBatch batch(String node, String family, long t) {
        return MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(sequence++)
                .setSamples(List.of())
                .setLimits(List.of())
                .build();
    }

    @ParameterizedTest
    @CsvSource({
        "PROCESS_COUNT, process_limit",
        "PORT_COUNT, port_limit",
        "ATOM_COUNT, atom_limit",
        "ETS_COUNT, ets_limit",
        "MEMORY_TOTAL, memory",
        "HOST_FS_USED, host_fs_used_limit",
        "JVM_HEAP_USED, jvm_heap_used_limit"
    })
    void everyLimitAlarmIsRaisedOnceAndClearedOnce(MetricId metric, String type) {
        NodeHealth h = new NodeHealth();
        List<Alarm> out = new ArrayList<>();
        out.addAll(feed(h, "n", "f", 0, metric, 960, 1_000));
        out.addAll(feed(h, "n", "f", 10_000, metric, 955, 1_000));
        out.addAll(feed(h, "n", "f", 20_000, metric, 100, 1_000));
        assertThat(out).extracting(Alarm::getType).containsOnly(type);
        assertThat(out).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
        assertThat(out.get(0).getId()).isEqualTo("n/" + type);
    }

    @Test
    void predictedExhaustionClearsOnceTheLeakStops() {
        NodeHealth h = new NodeHealth();
        List<Alarm> out = new ArrayList<>();
        long t = 0;
        for (; t < 240_000; t += 10_000) {
            out.addAll(feed(h, "n", "f", t, MetricId.PROCESS_COUNT, 1_000 + 1_000.0 * t / 1_000, 262_144));
        }
        for (; t < 600_000; t += 10_000) {
            out.addAll(feed(h, "n", "f", t, MetricId.PROCESS_COUNT, 241_000, 262_144));
        }
        List<Alarm> predicted = out.stream()
                .filter(a -> a.getType().equals("predicted_exhaustion"))
                .toList();
        assertThat(predicted).isNotEmpty();
        assertThat(predicted.get(0).getState()).isEqualTo(AlarmState.RAISED);
        assertThat(predicted.get(predicted.size() - 1).getState()).isEqualTo(AlarmState.CLEARED);
        assertThat(predicted)
                .filteredOn(a -> a.getState() == AlarmState.CLEARED)
                .hasSize(1);
    }

    @Test
    void unknownMetricIdsAreKeptAndAlarmOnTheirLimitToo() {
        NodeHealth h = new NodeHealth();
        MetricBatch b = MetricBatch.newBuilder()
                .setNode("n")
                .setFamily("f")
                .setTimestamp(Instant.ofEpochMilli(0))
                .setSequence(0)
                .setSamples(List.of(new Sample(4_242, 99.0)))
                .setLimits(List.of(new Sample(4_242, 100.0)))
                .build();
        assertThat(rules.onBatch(h, b, 0))
                .filteredOn(o -> o.alarm() != null)
                .extracting(o -> o.alarm().getType())
                .containsExactly("metric_4242_limit");
    }

    @Test
    void aNodeThatChangesFamilyCarriesItsNewFamilyInItsAlarms() {
        NodeHealth h = new NodeHealth();
        feed(h, "n", "web", 0, MetricId.PROCESS_COUNT, 100, 1_000);
        List<Alarm> out = feed(h, "n", "db", 10_000, MetricId.PROCESS_COUNT, 990, 1_000);
        assertThat(out).singleElement().satisfies(a -> assertThat(a.getFamily()).isEqualTo("db"));
    }

    @Test
    void theChosenAnomalyDetectorReplacesAStoredOneOfAnotherKind() {
        HealthRules seasonal = rules; // the default
        HealthRules transition =
                new HealthRules(HealthRules.Settings.defaults().withAnomalyDetector(AnomalyDetector.Kind.TRANSITION));
        NodeHealth h = new NodeHealth();
        h.detectors.put(MetricId.RUN_QUEUE.id(), new AnomalyDetector(AnomalyDetector.Kind.TRANSITION));
        MetricBatch b = MetricBatch.newBuilder()
                .setNode("n")
                .setFamily("web")
                .setTimestamp(Instant.ofEpochMilli(0))
                .setSequence(0)
                .setSamples(List.of(new Sample(MetricId.RUN_QUEUE.id(), 3.0)))
                .setLimits(List.of())
                .build();
        seasonal.onBatch(h, b, 0);
        assertThat(h.detectors.get(MetricId.RUN_QUEUE.id()).kind()).isEqualTo(AnomalyDetector.Kind.SEASONAL);
        transition.onBatch(h, b, 0);
        assertThat(h.detectors.get(MetricId.RUN_QUEUE.id()).kind()).isEqualTo(AnomalyDetector.Kind.TRANSITION);
    }

    @Test
    void aProcessorWithTheSeasonalDefaultRestartsOverStoredTransitionState() {
        assertThat(HealthRules.Settings.defaults().anomalyDetector()).isEqualTo(AnomalyDetector.Kind.SEASONAL);
        ExhaustionForecaster.Settings forecast = ExhaustionForecaster.Settings.defaults();
        // a node's health as a processor with the transition default stored it: today's golden NodeHealth (its
        // transition detector is on metric 2, not watched) plus the golden transition detector on a watched metric
        NodeHealth stored = NodeHealth.fromBytes(GoldenFiles.read(NodeHealthGoldenTest.FILE), forecast);
        stored.detectors.put(
                MetricId.RUN_QUEUE.id(), AnomalyDetector.fromBytes(GoldenFiles.read(AnomalyDetectorGoldenTest.FILE)));
        NodeHealth h = NodeHealth.fromBytes(stored.toBytes(), forecast);
        assertThat(h.detectors.get(MetricId.RUN_QUEUE.id()).kind()).isEqualTo(AnomalyDetector.Kind.TRANSITION);
        long t = 2_000_000_000_000L;
        MetricBatch b = MetricBatch.newBuilder()
                .setNode("n")
                .setFamily("web")
                .setTimestamp(Instant.ofEpochMilli(t))
                .setSequence(0)
                .setSamples(List.of(new Sample(2, 3.0), new Sample(MetricId.RUN_QUEUE.id(), 1.0)))
                .setLimits(List.of())
                .build();
        rules.onBatch(h, b, t);
        assertThat(h.detectors.get(MetricId.RUN_QUEUE.id()).kind()).isEqualTo(AnomalyDetector.Kind.SEASONAL);
        assertThat(h.detectors.get(2).kind())
                .as("not watched: kept as stored")
                .isEqualTo(AnomalyDetector.Kind.TRANSITION);
        NodeHealth again = NodeHealth.fromBytes(h.toBytes(), forecast);
        assertThat(again.detectors.get(MetricId.RUN_QUEUE.id()).toBytes())
                .isEqualTo(h.detectors.get(MetricId.RUN_QUEUE.id()).toBytes());
    }
}
