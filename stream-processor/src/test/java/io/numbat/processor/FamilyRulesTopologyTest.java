package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.numbat.processor.config.FamilyRules;
import io.numbat.processor.config.LiveRules;
import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.Severity;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's config file in the production topology ({@link TopologyFactory}): a family in mode monitor gets its
 * alarms but never a scaling decision, a family's own thresholds raise its alarms, and a reload applies at once
 * without losing the stores' state (raised alarms, cool-downs).
 */
class FamilyRulesTopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final double LIMIT = 262_144;

    @TempDir
    Path stateDir;

    @TempDir
    Path configDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private Path file;
    private LiveRules rules;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private TestOutputTopic<String, ScalingDecision> decisions;
    private TestOutputTopic<String, Alarm> alarms;
    private long wallClock = T0;

    private void start(String config) throws Exception {
        ProcessorSettings base = ProcessorSettings.defaults(stateDir)
                .withTrendWindow(Duration.ofSeconds(10), Duration.ZERO)
                .withScaling(
                        new ScalingPolicy(0.6, 0.75, 0.35, Duration.ofSeconds(30), Duration.ofMinutes(15), 1, 10, 5));
        file = configDir.resolve("processor.yaml");
        Files.writeString(file, config);
        rules = LiveRules.load(file, FamilyRules.of(base.scaling(), base.health()));
        ProcessorSettings settings = base.withFamilyRules(rules);
        Properties props = TopologyFactory.topologyProperties(settings, registry);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TopologyFactory.build(settings, registry), props, Instant.ofEpochMilli(T0));
        metrics = driver.createInputTopic(
                Topics.METRICS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        decisions = driver.createOutputTopic(
                Topics.SCALING_DECISIONS.name(),
                Serdes.String().deserializer(),
                Topics.SCALING_DECISIONS.valueSerde(registry).deserializer());
        alarms = driver.createOutputTopic(
                Topics.ALARMS.name(),
                Serdes.String().deserializer(),
                Topics.ALARMS.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /**
     * Every 5 s from {@code from} to {@code to}: each node of {@code family} at {@code utilisation}, and at
     * {@code processShare} of its process limit.
     */
    private void load(String family, int nodes, double utilisation, double processShare, long from, long to) {
        for (long t = from; t <= to; t += 5_000) {
            if (t > wallClock) { // batches far from the wall clock are refused as unusable
                driver.advanceWallClockTime(Duration.ofMillis(t - wallClock));
                wallClock = t;
            }
            for (int i = 1; i <= nodes; i++) {
                String node = family + "-" + i;
                MetricBatch batch = MetricBatch.newBuilder()
                        .setNode(node)
                        .setFamily(family)
                        .setTimestamp(Instant.ofEpochMilli(t))
                        .setSequence(t)
                        .setSamples(List.of(
                                new Sample(MetricId.SCHEDULER_UTILISATION.id(), utilisation),
                                new Sample(MetricId.PROCESS_COUNT.id(), processShare * LIMIT)))
                        .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), LIMIT)))
                        .build();
                metrics.pipeInput(new TestRecord<>(
                        node,
                        Topics.METRICS.valueSerde(registry).serializer().serialize(Topics.METRICS.name(), batch),
                        Instant.ofEpochMilli(t)));
            }
        }
    }

    private List<ScalingDecision> policyDecisions(String family) {
        return decisions.readValuesToList().stream()
                .filter(d -> d.getSource().equals("policy") && d.getFamily().equals(family))
                .toList();
    }

    private List<Alarm> processLimitAlarms() {
        return alarms.readValuesToList().stream()
                .filter(a -> a.getType().equals("process_limit"))
                .toList();
    }

    @Test
    void aMonitoredFamilyGetsItsAlarmsButNeverAScalingDecision() throws Exception {
        start("families: {batch: {mode: monitor}}");

        load("batch", 2, 0.95, 0.90, T0, T0 + 60_000);
        assertThat(processLimitAlarms())
                .as("overloaded and at 90% of its process limit: alarms as for any family")
                .extracting(Alarm::getNode, Alarm::getSeverity)
                .containsExactlyInAnyOrder(tuple("batch-1", Severity.MAJOR), tuple("batch-2", Severity.MAJOR));
        assertThat(policyDecisions("batch")).as("but no scaling decision").isEmpty();

        load("web", 2, 0.95, 0.1, T0 + 65_000, T0 + 120_000);
        assertThat(policyDecisions("web"))
                .as("a family in mode scale, as loaded, is scaled out")
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT));
    }

    @Test
    void aFamilysOwnThresholdsRaiseItsAlarms() throws Exception {
        start("families: {web: {alarms: {limits: {minor: 50%, major: 60%}}}}");

        load("web", 1, 0.5, 0.55, T0, T0 + 20_000);
        load("db", 1, 0.5, 0.55, T0 + 25_000, T0 + 45_000);

        assertThat(processLimitAlarms())
                .as("55% of the limit: minor for web (50%), nothing for db (the default 70%)")
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.getNode()).isEqualTo("web-1");
                    assertThat(a.getSeverity()).isEqualTo(Severity.MINOR);
                    assertThat(a.getState()).isEqualTo(AlarmState.RAISED);
                });
    }

    @Test
    void aReloadAppliesAtOnceAndKeepsTheStoresState() throws Exception {
        start("families: {web: {alarms: {limits: {minor: 50%, major: 60%}}}}");
        load("web", 2, 0.95, 0.55, T0, T0 + 20_000);
        assertThat(policyDecisions("web")).as("overloaded: scaled out").hasSize(1);
        assertThat(processLimitAlarms()).hasSize(2);

        Files.writeString(file, "families: {web: {alarms: {limits: {minor: 50%, major: 90%, critical: 95%}}}}");
        assertThat(rules.reload()).isEmpty();
        load("web", 2, 0.95, 0.55, T0 + 25_000, T0 + 35_000);
        assertThat(policyDecisions("web"))
                .as("the scale-out cool-down of 30 s, kept in the family's state, still runs")
                .isEmpty();
        assertThat(processLimitAlarms())
                .as("the raised minor alarms are not raised again")
                .isEmpty();

        Files.writeString(file, "families: {web: {mode: monitor}}");
        assertThat(rules.reload()).isEmpty();
        load("web", 2, 0.95, 0.55, T0 + 45_000, T0 + 120_000);
        assertThat(policyDecisions("web")).as("mode monitor from now on").isEmpty();
        assertThat(processLimitAlarms())
                .as("back to the default thresholds: 55% is below 70% x 0.93, the minor alarms clear")
                .extracting(Alarm::getState)
                .containsOnly(AlarmState.CLEARED)
                .hasSize(2);
    }
}
