package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.Silence;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.silence.KnownAlarmTypes;
import io.numbat.schemas.topic.Topics;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silences through the production topology: alarms under an active silence are emitted marked, the others not. */
class SilenceTopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final double LIMIT = 262_144;

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private TestInputTopic<String, byte[]> silences;
    private Serializer<MetricBatch> batches;
    private Serializer<Silence> silenceBytes;
    private TestOutputTopic<String, Alarm> alarms;
    private long sequence;
    private long wall = T0;

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
        silences = driver.createInputTopic(
                Topics.SILENCES.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        batches = Topics.METRICS.valueSerde(registry).serializer();
        silenceBytes = Topics.SILENCES.valueSerde(registry).serializer();
        alarms = driver.createOutputTopic(
                Topics.ALARMS.name(),
                Serdes.String().deserializer(),
                Topics.ALARMS.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void processes(String node, long at, double ratio) {
        if (at > wall) { // the wall clock moves with the batches, as in production (a batch from the future is refused)
            driver.advanceWallClockTime(Duration.ofMillis(at - wall));
            wall = at;
        }
        MetricBatch b = MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(node.startsWith("a") ? "web" : "db")
                .setTimestamp(Instant.ofEpochMilli(at))
                .setSequence(sequence++)
                .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), ratio * LIMIT)))
                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), LIMIT)))
                .build();
        metrics.pipeInput(
                new TestRecord<>(node, batches.serialize(Topics.METRICS.name(), b), Instant.ofEpochMilli(at)));
    }

    private void silence(Silence s) {
        silences.pipeInput(s.getId(), silenceBytes.serialize(Topics.SILENCES.name(), s));
    }

    private static Silence.Builder onNode(String id, String node, long from, long to) {
        return Silence.newBuilder()
                .setId(id)
                .setNode(node)
                .setStartsAt(Instant.ofEpochMilli(from))
                .setEndsAt(Instant.ofEpochMilli(to))
                .setCreatedBy("ana")
                .setComment("maintenance of " + node)
                .setCreatedAt(Instant.ofEpochMilli(from));
    }

    /**
     * Nodes {@code a<n>} (family web) and {@code b<n>} (family db) over 71 % of their process limit at {@code at}, then
     * under it again 10 s later: their raised and cleared {@code process_limit} alarms (fresh nodes each time, as a
     * node's limit alarm is not raised again at once).
     */
    private List<Alarm> raiseAndClear(String n, long at) {
        for (String node : List.of("a" + n, "b" + n)) {
            processes(node, at, 0.5);
            processes(node, at + 10_000, 0.75);
            processes(node, at + 20_000, 0.4);
        }
        List<Alarm> out = alarms.readValuesToList().stream()
                .filter(x -> x.getType().equals("process_limit"))
                .toList();
        assertThat(out).extracting(Alarm::getState).hasSize(4).containsOnly(AlarmState.RAISED, AlarmState.CLEARED);
        return out;
    }

    @Test
    void anAlarmUnderAnActiveSilenceIsEmittedSilencedAndOneOutsideIsNot() {
        silence(onNode("s-a", "a1", T0, T0 + 3_600_000).build());
        List<Alarm> out = raiseAndClear("1", T0 + 60_000);
        assertThat(out).filteredOn(x -> x.getNode().equals("a1")).hasSize(2).allSatisfy(x -> {
            assertThat(x.getSilenced()).isTrue();
            assertThat(x.getSilenceId()).isEqualTo("s-a");
        });
        assertThat(out)
                .filteredOn(x -> x.getNode().equals("b1"))
                .extracting(Alarm::getState)
                .containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
        assertThat(out).filteredOn(x -> x.getNode().equals("b1")).allSatisfy(x -> {
            assertThat(x.getSilenced()).isFalse();
            assertThat(x.getSilenceId()).isNull();
        });
    }

    @Test
    void aFamilySilenceAppliesOnlyInItsWindowAndNotOnceExpiredEarly() {
        Silence later = Silence.newBuilder(
                        onNode("s-web", null, T0 + 600_000, T0 + 3_600_000).build())
                .setFamily("web")
                .build();
        silence(later);
        assertThat(raiseAndClear("1", T0 + 60_000))
                .as("not yet started")
                .allSatisfy(x -> assertThat(x.getSilenced()).isFalse());
        List<Alarm> during = raiseAndClear("2", T0 + 700_000);
        assertThat(during)
                .filteredOn(x -> x.getFamily().equals("web"))
                .hasSize(2)
                .allSatisfy(x -> assertThat(x.getSilenceId()).isEqualTo("s-web"));
        assertThat(during)
                .filteredOn(x -> x.getFamily().equals("db"))
                .hasSize(2)
                .allSatisfy(x -> assertThat(x.getSilenced()).isFalse());
        silence(Silence.newBuilder(later)
                .setExpiredAt(Instant.ofEpochMilli(T0 + 800_000))
                .setExpiredBy("ana")
                .build());
        assertThat(raiseAndClear("3", T0 + 900_000))
                .as("expired early")
                .allSatisfy(x -> assertThat(x.getSilenced()).isFalse());
    }

    @Test
    void garbageAndBrokenSilencesAreNotAppliedAndDoNotStopTheAlarms() {
        silences.pipeInput("junk", "not a silence".getBytes());
        silence(onNode("s-bad", "a1", T0, T0 - 1).build()); // ends before it starts
        Silence wrongKey = onNode("s-key", "a1", T0, T0 + 3_600_000).build();
        silences.pipeInput("other-key", silenceBytes.serialize(Topics.SILENCES.name(), wrongKey));
        assertThat(raiseAndClear("1", T0 + 60_000))
                .allSatisfy(x -> assertThat(x.getSilenced()).isFalse());
        Silence good = onNode("s-key", "a2", T0, T0 + 3_600_000).build();
        silences.pipeInput("s-key", silenceBytes.serialize(Topics.SILENCES.name(), good));
        assertThat(raiseAndClear("2", T0 + 120_000))
                .filteredOn(x -> x.getNode().equals("a2"))
                .hasSize(2)
                .allSatisfy(x -> assertThat(x.getSilenceId()).isEqualTo("s-key"));
    }

    @Test
    void everyAlarmTypeTheProcessorRaisesIsKnownToSilences() {
        assertThat(KnownAlarmTypes.all())
                .contains(
                        AlarmTypes.NODE_DOWN,
                        AlarmTypes.LONG_MESSAGE_QUEUE,
                        AlarmTypes.PREDICTED_EXHAUSTION,
                        AlarmTypes.ANOMALY,
                        AlarmTypes.BOTTLENECK);
        for (MetricId m : MetricId.values()) {
            assertThat(KnownAlarmTypes.isKnown(AlarmTypes.limitAlarm(m.id())))
                    .as(m.metricName())
                    .isTrue();
        }
    }
}
