package io.numbat.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.PolicyMode;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling policy sees operators: their scale-outs start the scale-in cool-down, and they can
 * pause the policy for a family or pin its size (the production topology, {@link TopologyFactory}).
 */
class OperatorPolicyTopologyTest {
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> metrics;
    private TestInputTopic<String, ScalingDecision> decisionsIn;
    private TestInputTopic<String, byte[]> policies;
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
        decisionsIn = driver.createInputTopic(
                Topics.SCALING_DECISIONS.name(),
                Serdes.String().serializer(),
                Topics.SCALING_DECISIONS.valueSerde(registry).serializer());
        policies = driver.createInputTopic(
                Topics.FAMILY_POLICIES.name(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
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

    private long wallClock = T0;

    private void load(String family, int nodes, double utilisation, long from, long to) {
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
                        .setSamples(List.of(new Sample(MetricId.SCHEDULER_UTILISATION.id(), utilisation)))
                        .setLimits(List.of())
                        .build();
                metrics.pipeInput(new TestRecord<>(
                        node,
                        Topics.METRICS.valueSerde(registry).serializer().serialize(Topics.METRICS.name(), batch),
                        Instant.ofEpochMilli(t)));
            }
        }
    }

    private void operatorScaleOut(String family, int count, long at) {
        ScalingDecision d = ScalingDecision.newBuilder()
                .setId("operator-" + at)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(at))
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(count)
                .setCurrentNodes(2)
                .setReason("operator request")
                .setSource("operator")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
        decisionsIn.pipeInput(new TestRecord<>(family, d, Instant.ofEpochMilli(at)));
    }

    private void policy(String family, PolicyMode mode, int pinned, long at) {
        FamilyPolicy p = FamilyPolicy.newBuilder()
                .setFamily(family)
                .setMode(mode)
                .setPinnedNodes(pinned)
                .setTimestamp(Instant.ofEpochMilli(at))
                .setUser("alice")
                .setReason("maintenance")
                .build();
        policies.pipeInput(new TestRecord<>(
                family,
                Topics.FAMILY_POLICIES.valueSerde(registry).serializer().serialize(Topics.FAMILY_POLICIES.name(), p),
                Instant.ofEpochMilli(at)));
    }

    /** Only the policy's own decisions (the operator's, piped in, come back out of the shared topic too). */
    private List<ScalingDecision> policyDecisions() {
        return decisions.readValuesToList().stream()
                .filter(d -> d.getSource().equals("policy"))
                .toList();
    }

    @Test
    void scalesInAnIdleFamilyWhenNoOperatorActed() {
        load("db", 3, 0.1, T0, T0 + 30_000);

        assertThat(policyDecisions())
                .isNotEmpty()
                .first()
                .satisfies(d -> assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_IN));
    }

    @Test
    void doesNotUndoAnOperatorsScaleOutOfAnIdleFamilyWithinTheScaleInCooldown() {
        operatorScaleOut("db", 2, T0);
        load("db", 3, 0.1, T0, T0 + 5 * 60_000);

        assertThat(policyDecisions()).isEmpty();

        load("db", 3, 0.1, T0 + 15 * 60_000, T0 + 15 * 60_000 + 30_000);
        assertThat(policyDecisions())
                .as("after the 15 min cool-down the policy acts again")
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_IN));
    }

    @Test
    void decidesNothingForAPausedFamilyUntilItIsResumed() {
        policy("web", PolicyMode.PAUSED, 0, T0);
        load("web", 2, 0.95, T0, T0 + 60_000);
        assertThat(policyDecisions()).isEmpty();

        policy("web", PolicyMode.AUTO, 0, T0 + 61_000);
        load("web", 2, 0.95, T0 + 65_000, T0 + 90_000);
        assertThat(policyDecisions())
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT));
    }

    /** A pin acts one out cool-down after it is set, once the family's nodes have all reported. */
    @Test
    void keepsAPinnedFamilyAtItsSizeWhateverItsLoad() {
        policy("web", PolicyMode.PINNED, 2, T0);
        load("web", 2, 0.95, T0, T0 + 60_000);
        assertThat(policyDecisions()).as("overloaded, but pinned at its size").isEmpty();

        policy("web", PolicyMode.PINNED, 5, T0 + 61_000);
        load("web", 2, 0.1, T0 + 65_000, T0 + 110_000);
        List<ScalingDecision> out = policyDecisions();
        assertThat(out).as("idle, but pinned above its size").isNotEmpty();
        assertThat(out.get(0).getAction()).isEqualTo(ScalingAction.SCALE_OUT);
        assertThat(out.get(0).getCount()).isEqualTo(3);
        assertThat(out.get(0).getReason()).contains("pinned at 5");
    }

    @Test
    void deadLettersAPolicyItCannotRead() {
        policies.pipeInput(new TestRecord<>("web", new byte[] {9, 9, 9}, Instant.ofEpochMilli(T0)));
        policies.pipeInput(new TestRecord<String, byte[]>(null, null, Instant.ofEpochMilli(T0)));

        assertThat(deadLetters.readValuesToList())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(Topics.FAMILY_POLICIES.name()));
    }
}
