package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.platform.cli.Numbat;
import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.processor.forecast.ExhaustionForecaster;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.remedy.FamilyRemediations;
import io.numbat.processor.remedy.RemediationSettings;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15's approval loop through the real broker and registry: a node's process leak (batches every second on
 * {@code numbat.metrics}; forecast blocks of 2 s so the forecast comes within seconds) raises
 * {@code predicted_exhaustion} in the stream processor (mode APPROVE), which proposes a remediation on
 * {@code numbat.remediations}; {@code numbat remediation list} shows it, {@code numbat remediation approve} starts it
 * (the processor writes its SCALE_OUT for the deployer), and a second approval, an unknown id and a malformed command
 * get their errors.
 */
class RemediationIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String NODE = "leaky-1@it";
    private static final String FAMILY = "leaky";
    private static final double LIMIT = 262_144;

    private static final List<AutoCloseable> CLOSEABLES = new ArrayList<>();
    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        Path dir = Files.createTempDirectory(PLATFORM.dataDir(), "remediation-it-");
        HealthRules.Settings d = HealthRules.Settings.defaults();
        HealthRules.Settings quickForecasts = new HealthRules.Settings(
                d.limits(),
                d.messageQueue(),
                d.raiseBelow(),
                d.clearAfterMisses(),
                d.nodeDownAfter(),
                new ExhaustionForecaster.Settings(2_000, 24, 6, 2.0, 3_600_000),
                d.anomalyMetrics(),
                d.anomalyThreshold(),
                d.anomalyQuietSamples(),
                d.bottlenecks(),
                d.anomalyDetector());
        StreamProcessorApp processor = add(new StreamProcessorApp(
                        cluster,
                        PLATFORM.registry(),
                        ProcessorSettings.defaults(dir.resolve("streams"))
                                .withHealth(quickForecasts)
                                .withRemediation(RemediationSettings.defaults(RemediationMode.APPROVE)))
                .start());
        assertThat(processor.awaitRunning(PATIENCE)).as("the processor runs").isTrue();

        KafkaProducer<String, DeploymentEvent> deployments = add(new KafkaProducer<>(
                cluster.producerConfig("remediation-it-deployments"),
                new StringSerializer(),
                Topics.DEPLOYMENTS.valueSerde(PLATFORM.registry()).serializer()));
        deployments
                .send(new ProducerRecord<>(
                        Topics.DEPLOYMENTS.name(),
                        NODE,
                        DeploymentEvent.newBuilder()
                                .setNode(NODE)
                                .setFamily(FAMILY)
                                .setDecisionId("it-deploy")
                                .setProvider("simulated")
                                .setState(DeploymentState.RUNNING)
                                .setTimestamp(Instant.now())
                                .build()))
                .get(30, TimeUnit.SECONDS);

        // a leak from 1,000 processes to the limit in 10 minutes, one batch a second
        KafkaProducer<String, MetricBatch> metrics = add(new KafkaProducer<>(
                cluster.producerConfig("remediation-it-metrics"),
                new StringSerializer(),
                Topics.METRICS.valueSerde(PLATFORM.registry()).serializer()));
        long t0 = System.currentTimeMillis();
        TICKS.scheduleAtFixedRate(
                () -> {
                    long now = System.currentTimeMillis();
                    double v = Math.min(LIMIT, 1_000 + (LIMIT - 1_000) * (now - t0) / 600_000.0);
                    metrics.send(new ProducerRecord<>(
                            Topics.METRICS.name(),
                            NODE,
                            MetricBatch.newBuilder()
                                    .setNode(NODE)
                                    .setFamily(FAMILY)
                                    .setTimestamp(Instant.ofEpochMilli(now))
                                    .setSequence(now)
                                    .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), v)))
                                    .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), LIMIT)))
                                    .build()));
                },
                0,
                1,
                TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        TICKS.shutdownNow();
        TICKS.awaitTermination(10, TimeUnit.SECONDS);
        for (int i = CLOSEABLES.size() - 1; i >= 0; i--) {
            CLOSEABLES.get(i).close();
        }
    }

    private static <T extends AutoCloseable> T add(T c) {
        CLOSEABLES.add(c);
        return c;
    }

    private record Run(int code, String out, String err) {}

    /** {@code numbat ARGS --bootstrap-servers ... --schema-registry ...} in this JVM. */
    private static Run numbat(String... args) {
        ClusterConnection c = PLATFORM.platform().connection();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", c.bootstrapServers(), "--schema-registry", c.schemaRegistryUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Numbat.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> TopicReader<String, V> reader(
            io.numbat.schemas.topic.Topic<String, V> topic) {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                topic.name(),
                topic.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        topic.valueSerde(PLATFORM.registry()).deserializer()));
    }

    @Test
    void aProposalIsListedApprovedFromTheCommandLineAndStartsItsReplacement() throws Exception {
        Remediation proposed;
        try (TopicReader<String, Remediation> states = reader(Topics.REMEDIATIONS)) {
            List<ConsumerRecord<String, Remediation>> seen = states.readUntil(s -> !s.isEmpty(), PATIENCE);
            assertThat(seen).as("a remediation proposed within %s", PATIENCE).isNotEmpty();
            proposed = seen.get(0).value();
        }
        assertThat(proposed.getState()).isEqualTo(RemediationState.PROPOSED);
        assertThat(proposed.getNode()).isEqualTo(NODE);
        assertThat(proposed.getMode()).isEqualTo(RemediationMode.APPROVE);
        String id = proposed.getId();

        Run list = numbat("remediation", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(id, FAMILY, NODE, "REPLACE", "PROPOSED");

        Run unknown = numbat("remediation", "approve", "no-such-remediation");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown remediation 'no-such-remediation'");

        Run approve = numbat("remediation", "approve", id, "--user", "alice", "--reason", "it leaks");
        assertThat(approve.code()).as(approve.out() + approve.err()).isZero();
        assertThat(approve.out())
                .contains("APPROVE of " + id + " sent by alice")
                .contains(id + " APPROVED");

        try (TopicReader<String, ScalingDecision> decisions = reader(Topics.SCALING_DECISIONS)) {
            List<ScalingDecision> out = decisions
                    .readUntil(
                            s -> s.stream()
                                    .anyMatch(
                                            r -> (id + "/out").equals(r.value().getId())),
                            PATIENCE)
                    .stream()
                    .map(ConsumerRecord::value)
                    .filter(d -> FamilyRemediations.SOURCE.equals(d.getSource()))
                    .toList();
            assertThat(out).singleElement().satisfies(d -> {
                assertThat(d.getId()).isEqualTo(id + "/out");
                assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
                assertThat(d.getFamily()).isEqualTo(FAMILY);
            });
        }

        Run again = numbat("remediation", "approve", id);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("remediation " + id + " is EXECUTING (by alice), not waiting for a verdict");
        Run executing = numbat("remediation", "list", "--open", "--family", FAMILY);
        assertThat(executing.out()).contains(id).contains("EXECUTING");
    }

    @Test
    void aMalformedCommandGoesToTheDeadLetters() throws Exception {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                PLATFORM.platform().connection().producerConfig("remediation-it-garbage"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(
                            Topics.REMEDIATION_COMMANDS.name(), FAMILY, "approve it".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        try (TopicReader<String, DeadLetter> dead = reader(Topics.DEAD_LETTERS)) {
            List<DeadLetter> letters = dead
                    .readUntil(
                            s -> s.stream()
                                    .anyMatch(r -> Topics.REMEDIATION_COMMANDS
                                            .name()
                                            .equals(r.value().getSourceTopic())),
                            PATIENCE)
                    .stream()
                    .map(ConsumerRecord::value)
                    .filter(l -> Topics.REMEDIATION_COMMANDS.name().equals(l.getSourceTopic()))
                    .toList();
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.getComponent()).isEqualTo("stream-processor");
                assertThat(new String(l.getValue().array(), StandardCharsets.UTF_8))
                        .isEqualTo("approve it");
            });
        }
    }
}
