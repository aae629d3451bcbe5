package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.processor.deadletter.RegistryBackoff;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.Sample;
import io.numbat.schemas.TrendWindow;
import io.numbat.schemas.deadletter.DeadLetters;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.Topics;
import io.numbat.schemas.trend.TrendWindows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that once stopped the production topology: each goes to {@code numbat.dead-letters} with
 * the error (or, for a registry that is only away, waits and is processed), and the good records
 * around it still come out.
 */
class PoisonPillTopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    /** Waits of a few milliseconds: the driver runs the topology on the test's own thread. */
    private static final RegistryBackoff QUICK =
            new RegistryBackoff(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(30));

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Serializer<MetricBatch> batchSerializer =
            Topics.METRICS.valueSerde(registry).serializer();
    private ProcessorSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private TestOutputTopic<String, TrendWindow> trends;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    private void start(SchemaRegistryClient processorRegistry, RegistryBackoff backoff) {
        settings = ProcessorSettings.defaults(stateDir).withTrendWindow(Duration.ofSeconds(10), Duration.ZERO);
        Properties props = TopologyFactory.topologyProperties(settings, processorRegistry);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                TopologyFactory.build(settings, processorRegistry, backoff), props, Instant.ofEpochMilli(T0));
        metrics = driver.createInputTopic(
                Topics.METRICS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        trends = driver.createOutputTopic(
                Topics.TREND_WINDOWS.name(),
                Serdes.String().deserializer(),
                Topics.TREND_WINDOWS.valueSerde(registry).deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(),
                Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).deserializer());
    }

    private void start() {
        start(registry, QUICK);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private byte[] batch(String node, long at) {
        return batchSerializer.serialize(
                Topics.METRICS.name(),
                MetricBatch.newBuilder()
                        .setNode(node)
                        .setFamily("web")
                        .setTimestamp(Instant.ofEpochMilli(at))
                        .setSequence(at)
                        .setSamples(List.of(new Sample(MetricId.SCHEDULER_UTILISATION.id(), 0.5)))
                        .setLimits(List.of())
                        .build());
    }

    private void send(String key, byte[] value, long at) {
        metrics.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(at)));
    }

    /** Good batches of node a around the bad record, then one that closes the first window. */
    private void aroundGoodBatches(Runnable bad) {
        send("a", batch("a", T0), T0);
        bad.run();
        send("a", batch("a", T0 + 2_000), T0 + 2_000);
        send("a", batch("a", T0 + 10_000), T0 + 10_000);
    }

    private void assertGoodBatchesCameOut() {
        assertThat(trendRows())
                .filteredOn(t -> t.getNode().equals("a"))
                .extracting(MetricTrend::getCount)
                .containsExactly(2L);
    }

    @Test
    void aValidBatchWithoutAKeyIsDeadLetteredAndTheStreamGoesOn() {
        start();
        byte[] keyless = batch("a", T0 + 1_000);
        aroundGoodBatches(() -> send(null, keyless, T0 + 1_000));

        assertGoodBatchesCameOut();
        DeadLetter dead = deadLetters.readValuesToList().stream().collect(onlyOne());
        assertThat(dead.getError()).contains("no key").contains("(a)");
        assertThat(dead.getOffset()).isEqualTo(1L);
        assertThat(dead.getKey()).isNull();
        assertThat(dead.getKeySize()).isEqualTo(-1);
        assertThat(dead.getValueSize()).isEqualTo(keyless.length);
    }

    @Test
    void aBatchUnderAnotherNodesKeyIsDeadLettered() {
        start();
        aroundGoodBatches(() -> send("a", batch("b", T0 + 1_000), T0 + 1_000));

        assertGoodBatchesCameOut();
        assertThat(deadLetters.readValuesToList().stream().collect(onlyOne()).getError())
                .contains("key 'a' is not the batch's node 'b'");
    }

    @Test
    void aTombstoneWithoutAKeyIsDeadLettered() {
        start();
        aroundGoodBatches(() -> send(null, null, T0 + 1_000));

        assertGoodBatchesCameOut();
        DeadLetter dead = deadLetters.readValuesToList().stream().collect(onlyOne());
        assertThat(dead.getError()).contains("no value");
        assertThat(dead.getValueSize()).isEqualTo(-1);
    }

    @Test
    void aFiveMebibyteValueBecomesADeadLetterThatFitsInARecord() {
        start();
        byte[] zeros = new byte[5 * 1024 * 1024];
        aroundGoodBatches(() -> send("a", zeros, T0 + 1_000));

        assertGoodBatchesCameOut();
        List<TestRecord<String, DeadLetter>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.get(0).value();
        assertThat(letter.getValueSize()).isEqualTo(zeros.length);
        assertThat(letter.getValue().remaining()).isEqualTo(DeadLetters.MAX_KEPT_VALUE_BYTES);
        assertThat(letter.getValueSha256()).hasSize(64);
        assertThat(Topics.DEAD_LETTERS.valueSerde(registry).serializer().serialize(Topics.DEAD_LETTERS.name(), letter))
                .as("the dead letter fits in the broker's default 1 MB record")
                .hasSizeLessThan(1_000_000);
    }

    @Test
    void aRecordWaitsForARegistryThatTimesOutAndIsProcessedOnceItAnswers() {
        // a new processor has no writer schema cached: its first look-up meets a registry that times out three times
        TimingOutSchemaRegistry timingOut = new TimingOutSchemaRegistry(registry, 3);
        start(timingOut, QUICK);
        send("a", batch("a", T0), T0);
        send("a", batch("a", T0 + 2_000), T0 + 2_000);
        send("a", batch("a", T0 + 10_000), T0 + 10_000);

        assertThat(deadLetters.isEmpty()).as("no good record dead-lettered").isTrue();
        assertGoodBatchesCameOut();
        assertThat(timingOut.getByIdCalls()).isEqualTo(4);
    }

    @Test
    void aRegistryThatStaysAwayFailsTheProcessorAndDeadLettersNothing() {
        TimingOutSchemaRegistry away = new TimingOutSchemaRegistry(registry, -1);
        start(away, new RegistryBackoff(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(100)));

        assertThatThrownBy(() -> send("a", batch("a", T0), T0))
                .isInstanceOf(StreamsException.class)
                .rootCause()
                .hasMessageContaining("timed out");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(away.getByIdCalls()).isGreaterThan(1);
    }

    @Test
    void corruptRecordsOnTheRepartitionTopicsAreDeadLetteredWithTheirBytes() {
        start();
        for (String topic :
                List.of("family-partials-by-family", "load-signals-by-family", "remediation-inputs-by-family")) {
            String repartition = settings.applicationId() + "-" + topic + "-repartition";
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(
                    repartition,
                    Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer());
            in.pipeInput(new TestRecord<>(
                    "web".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, Instant.ofEpochMilli(T0)));
        }
        aroundGoodBatches(() -> {});

        assertGoodBatchesCameOut();
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead)
                .extracting(DeadLetter::getSourceTopic)
                .containsExactlyInAnyOrder(
                        settings.applicationId() + "-family-partials-by-family-repartition",
                        settings.applicationId() + "-load-signals-by-family-repartition",
                        settings.applicationId() + "-remediation-inputs-by-family-repartition");
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getValue().array()).containsExactly(1, 2, 3);
            assertThat(d.getComponent()).isEqualTo(TopologyFactory.COMPONENT);
            assertThat(d.getError()).isNotBlank();
        });
    }

    private static <T> Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), l -> {
            assertThat(l).hasSize(1);
            return l.get(0);
        });
    }

    /** Every trend window published so far, one row per metric. */
    private List<MetricTrend> trendRows() {
        return trends.readValuesToList().stream()
                .flatMap(w -> TrendWindows.perMetric(w).stream())
                .toList();
    }
}
