package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.bottleneck.Batches;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Severity;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/** Bottleneck alarms, per node and per family, through the production topology. */
class BottleneckTopologyTest {
    private static final ProcessQueue RUNAWAY = new ProcessQueue(
            "report_builder:run/1", "<0.4711.0>", 0L, "report_builder:render/2", 3 * Batches.NODE_REDUCTIONS, 41_200L);
    private static final ProcessQueue HOG =
            new ProcessQueue("my_cache:init/1", "<0.4713.0>", 0L, "gen_server:loop/7", 10_000L, 1_000_000_000L);

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private Serializer<MetricBatch> serializer;
    private TestOutputTopic<String, Alarm> alarms;
    private long wall = Batches.T0;

    @BeforeEach
    void start() {
        ProcessorSettings settings = ProcessorSettings.defaults(stateDir);
        Properties props = TopologyFactory.topologyProperties(settings, registry);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                TopologyFactory.build(settings, registry), props, Instant.ofEpochMilli(Batches.T0));
        metrics = driver.createInputTopic(
                Topics.METRICS.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        serializer = Topics.METRICS.valueSerde(registry).serializer();
        alarms = driver.createOutputTopic(
                Topics.ALARMS.name(),
                Serdes.String().deserializer(),
                Topics.ALARMS.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(MetricBatch b) {
        long at = b.getTimestamp().toEpochMilli();
        if (at > wall) {
            driver.advanceWallClockTime(Duration.ofMillis(at - wall));
            wall = at;
        }
        metrics.pipeInput(new TestRecord<>(
                b.getNode(), serializer.serialize(Topics.METRICS.name(), b), Instant.ofEpochMilli(at)));
    }

    private List<Alarm> bottlenecks() {
        List<Alarm> out = new ArrayList<>();
        for (Alarm a : alarms.readValuesToList()) {
            if (a.getType().equals("bottleneck")) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void aMailboxFloodRaisesOneAlarmNamingTheProcessAndClearsItOnceAfterRecovery() {
        Batches node = new Batches("web-1@host", "web", 1);
        int i = 0;
        for (; i < 3; i++) {
            send(node.tick(i));
        }
        for (int k = 1; k <= 12; k++, i++) {
            send(node.tick(
                    i, new ProcessQueue("event_relay", "<0.4712.0>", k * 5_000L, "event_relay:relay/2", 1L, 1L)));
        }
        for (int k = 0; k < 10; k++, i++) {
            send(node.tick(i));
        }
        List<Alarm> out = bottlenecks();
        assertThat(out).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
        assertThat(out).extracting(Alarm::getId).containsOnly("web-1@host/bottleneck/max_message_queue");
        assertThat(out.get(0).getCause()).contains("event_relay (<0.4712.0>, in event_relay:relay/2)");
        assertThat(out.get(0).getCulprit().getPid()).isEqualTo("<0.4712.0>");
    }

    @Test
    void aRunawayReducerAndAMemoryHogEachRaiseOneAlarmNamingTheirProcess() {
        Batches node = new Batches("web-2@host", "web", 2);
        for (int i = 0; i < 8; i++) {
            send(node.tick(i, RUNAWAY, HOG));
        }
        List<Alarm> out = bottlenecks();
        assertThat(out)
                .extracting(Alarm::getId)
                .containsExactlyInAnyOrder(
                        "web-2@host/bottleneck/reductions", "web-2@host/bottleneck/memory_processes");
        assertThat(out).allSatisfy(a -> assertThat(a.getState()).isEqualTo(AlarmState.RAISED));
        assertThat(out)
                .filteredOn(a -> a.getId().endsWith("reductions"))
                .singleElement()
                .satisfies(a -> assertThat(a.getCause())
                        .startsWith("report_builder:run/1 (<0.4711.0>, in report_builder:render/2) used 75 %"));
        assertThat(out)
                .filteredOn(a -> a.getId().endsWith("memory_processes"))
                .singleElement()
                .satisfies(a -> assertThat(a.getCause())
                        .startsWith("my_cache:init/1 (<0.4713.0>, in gen_server:loop/7) holds 71 %"));
    }

    @Test
    void steadyNodesRaiseNothing() {
        List<Batches> nodes = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            nodes.add(new Batches("steady-" + n, "web", 10 + n));
        }
        for (int i = 0; i < 60; i++) {
            for (Batches b : nodes) {
                send(b.tick(i));
            }
        }
        assertThat(bottlenecks()).isEmpty();
    }

    @Test
    void aProcessTypeThatHoldsTheMemoryOnMostNodesOfAFamilyRaisesOneFamilyAlarm() {
        List<Batches> nodes = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            nodes.add(new Batches("web-" + n, "web", 20 + n));
        }
        for (int i = 0; i < 8; i++) {
            for (int n = 0; n < 10; n++) {
                send(n < 8 ? nodes.get(n).tick(i, HOG) : nodes.get(n).tick(i));
            }
        }
        List<Alarm> family =
                bottlenecks().stream().filter(a -> a.getNode() == null).toList();
        assertThat(family).extracting(Alarm::getSeverity).containsExactly(Severity.MINOR, Severity.MAJOR);
        assertThat(family).extracting(Alarm::getId).containsOnly("family:web/bottleneck/memory_processes");
        Alarm last = family.get(1);
        assertThat(last.getFamily()).isEqualTo("web");
        assertThat(last.getState()).isEqualTo(AlarmState.RAISED);
        assertThat(last.getCause()).isEqualTo("my_cache:init/1 holds 71 % of process memory on 8 of 10 web nodes");
    }
}
