package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.console.Console;
import io.numbat.console.ConsoleConfig;
import io.numbat.platform.cli.Numbat;
import io.numbat.platform.demo.ClosedLoop;
import io.numbat.platform.demo.DemoSettings;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.Severity;
import io.numbat.schemas.TrendWindow;
import io.numbat.schemas.health.HealthServer;
import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole loop against the real broker and registry: simulated nodes publish metrics, the stream
 * processor decides to scale out the overloaded family, the deployer launches a node through the
 * simulated provider, and that node's metrics make it RUNNING. Garbage on every input topic of the
 * loop goes to the dead-letter topic while the loop keeps working.
 */
class ClosedLoopIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static ClosedLoop loop;
    private static Console console;
    private static RecordMetadata garbageMetrics;
    private static RecordMetadata garbageDecision;
    private static RecordMetadata garbageVerdict;
    /** Garbage on each topic only the console reads, by topic. */
    private static final Map<String, RecordMetadata> GARBAGE_FOR_CONSOLE = new TreeMap<>();

    private static final String GOOD_ALARM = "it-web-1@sim/memory";

    @BeforeAll
    static void startLoopAndFeedGarbage() throws InterruptedException, ExecutionException {
        DemoSettings settings =
                new DemoSettings(6, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), 7, 0);
        loop = ClosedLoop.start(PLATFORM.platform().connection(), PLATFORM.registry(), settings, PLATFORM.dataDir());
        console = Console.start(ConsoleConfig.of(PLATFORM.platform().connection(), PLATFORM.registry()));
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.bootstrap()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            garbageMetrics = raw.send(new ProducerRecord<>(
                            Topics.METRICS.name(), "web-1@sim".getBytes(), "not avro at all".getBytes()))
                    .get();
            garbageDecision = raw.send(new ProducerRecord<>(
                            Topics.SCALING_DECISIONS.name(), "web".getBytes(), new byte[] {0, 0, 0, 0, 1, 2, 3}))
                    .get();
            garbageVerdict = raw.send(new ProducerRecord<>(
                            Topics.REMEDIATION_COMMANDS.name(), "web".getBytes(), "not a verdict".getBytes()))
                    .get();
            String keyMetric = "web-1@sim";
            for (String topic : List.of(
                    Topics.ALARMS.name(),
                    Topics.ALARM_ACKS.name(),
                    Topics.FORECASTS.name(),
                    Topics.NODE_EVENTS.name(),
                    Topics.TREND_WINDOWS.name(),
                    Topics.ANOMALY_SCORES.name(),
                    Topics.REMEDIATIONS.name(),
                    Topics.SILENCES.name(),
                    Topics.OPERATOR_CHANGES.name())) {
                GARBAGE_FOR_CONSOLE.put(
                        topic,
                        raw.send(new ProducerRecord<>(topic, keyMetric.getBytes(), ("garbage for " + topic).getBytes()))
                                .get());
            }
        }
        try (KafkaProducer<String, Alarm> alarms = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.bootstrap()),
                Topics.ALARMS.keySerde().serializer(),
                Topics.ALARMS.valueSerde(PLATFORM.registry()).serializer())) {
            alarms.send(new ProducerRecord<>(
                            Topics.ALARMS.name(),
                            GOOD_ALARM,
                            Alarm.newBuilder()
                                    .setId(GOOD_ALARM)
                                    .setNode("it-web-1@sim")
                                    .setFamily("web")
                                    .setType("memory")
                                    .setState(AlarmState.RAISED)
                                    .setSeverity(Severity.MAJOR)
                                    .setTimestamp(Instant.now())
                                    .setCause("written after the garbage")
                                    .build()))
                    .get();
        }
    }

    @AfterAll
    static void stopLoop() {
        if (console != null) {
            console.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    private static <V extends SpecificRecord> TopicReader<String, V> reader(Topic<String, V> topic) {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                topic.name(),
                topic.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        topic.valueSerde(PLATFORM.registry()).deserializer()));
    }

    @Test
    void scalingDecisionLaunchesANodeThatBecomesRunning() {
        List<ConsumerRecord<String, DeploymentEvent>> events;
        try (TopicReader<String, DeploymentEvent> deployments = reader(Topics.DEPLOYMENTS)) {
            // web's: other tests (a pinned db) launch nodes too, and the topic's partitions are read in no global order
            events = deployments.readUntil(
                    seen -> seen.stream()
                            .anyMatch(r -> r.value().getState() == DeploymentState.RUNNING
                                    && r.value().getFamily().equals("web")),
                    Duration.ofMinutes(2));
        }
        DeploymentEvent running = events.stream()
                .map(ConsumerRecord::value)
                .filter(e ->
                        e.getState() == DeploymentState.RUNNING && e.getFamily().equals("web"))
                .findFirst()
                .orElseThrow();
        assertThat(running.getProvider()).isEqualTo("simulated");
        assertThat(running.getFamily()).isEqualTo("web");
        assertThat(events)
                .map(ConsumerRecord::value)
                .filteredOn(e -> e.getNode().equals(running.getNode()))
                .extracting(DeploymentEvent::getState)
                .containsSubsequence(DeploymentState.REQUESTED, DeploymentState.STARTING, DeploymentState.RUNNING);

        List<ConsumerRecord<String, ScalingDecision>> decisions;
        try (TopicReader<String, ScalingDecision> reader = reader(Topics.SCALING_DECISIONS)) {
            decisions = reader.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.value().getId().equals(running.getDecisionId())),
                    Duration.ofSeconds(30));
        }
        assertThat(decisions)
                .map(ConsumerRecord::value)
                .filteredOn(d -> d.getId().equals(running.getDecisionId()))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.getFamily()).isEqualTo("web");
                    assertThat(d.getReason()).contains("above the 75% threshold");
                });
        assertThat(loop.fleet().nodeNames()).contains(running.getNode());
    }

    /**
     * End to end: {@code numbat policy} pins the db family through the deployer's REST API, the
     * deployer writes the {@code FamilyPolicy} to Kafka, and the stream processor's policy then scales
     * db towards the pinned size, saying so; {@code --resume} hands db back to the policy.
     */
    @Test
    void anOperatorPinsAFamilyFromTheCommandLineAndThePolicyFollows() {
        try (TopicReader<String, DeploymentEvent> deployments = reader(Topics.DEPLOYMENTS)) {
            // the first RUNNING node is web's (scalingDecisionLaunchesANodeThatBecomesRunning): pin db only after it
            deployments.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.value().getState() == DeploymentState.RUNNING),
                    Duration.ofMinutes(2));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Numbat.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int pinned = cli.execute(
                "policy",
                "--deployer",
                loop.deployerUrl().toString(),
                "--family",
                "db",
                "--pin",
                "20",
                "--reason",
                "load test",
                "--user",
                "it");
        assertThat(pinned).as(err.toString()).isZero();
        assertThat(out.toString()).contains("policy of db: PINNED at 20 nodes");

        List<ConsumerRecord<String, ScalingDecision>> decisions;
        try (TopicReader<String, ScalingDecision> reader = reader(Topics.SCALING_DECISIONS)) {
            decisions = reader.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.value().getReason().contains("pinned at 20")),
                    Duration.ofMinutes(2));
        }
        assertThat(decisions)
                .map(ConsumerRecord::value)
                .filteredOn(d -> d.getReason().contains("pinned at 20"))
                .first()
                .satisfies(d -> {
                    assertThat(d.getFamily()).isEqualTo("db");
                    assertThat(d.getSource()).isEqualTo("policy");
                    assertThat(d.getAction()).isEqualTo(ScalingAction.SCALE_OUT);
                });
        assertThat(Numbat.commandLine()
                        .execute("policy", "--deployer", loop.deployerUrl().toString(), "--family", "db", "--resume"))
                .isZero();
    }

    /**
     * Reads {@code numbat.metrics} the way an outside consumer would: raw bytes, the schema id from
     * the Confluent header, the writer schema from the registry's REST API, a plain Avro reader.
     * No Numbat class is involved.
     */
    @Test
    void independentClientDecodesMetricsWithOnlyTheRegistryApiAndAvro() throws Exception {
        GenericRecord batch = readIndependently(Topics.METRICS.name(), r -> true);
        assertThat((List<?>) batch.get("samples")).isNotEmpty();
        assertThat(((GenericRecord) ((List<?>) batch.get("samples")).get(0)).get("value"))
                .isInstanceOf(Double.class);
    }

    /** One metric's trend, as a consumer without Numbat's classes reads it: the element of metrics with its id. */
    @Test
    void independentClientReadsOneMetricsTrendWithOnlyTheRegistryApiAndAvro() throws Exception {
        int utilisation = MetricId.SCHEDULER_UTILISATION.id();
        GenericRecord window =
                readIndependently(Topics.TREND_WINDOWS.name(), r -> !new String(r.key()).startsWith("family:"));
        GenericRecord summary = ((List<?>) window.get("metrics"))
                .stream()
                        .map(GenericRecord.class::cast)
                        .filter(m -> (Integer) m.get("metric") == utilisation)
                        .findFirst()
                        .orElseThrow();
        assertThat((Double) summary.get("mean")).isBetween(0.0, 1.0);
        assertThat((Long) summary.get("count")).isPositive();
    }

    /**
     * A record of {@code topic} decoded with nothing but the registry's REST API and plain Avro: bytes
     * 1-4 are the schema id, the writer schema comes from {@code /schemas/ids/<id>}.
     */
    private GenericRecord readIndependently(String topic, Predicate<ConsumerRecord<byte[], byte[]>> wanted)
            throws Exception {
        List<ConsumerRecord<byte[], byte[]>> raw;
        try (TopicReader<byte[], byte[]> reader = new TopicReader<>(
                PLATFORM.bootstrap(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            raw = reader.readUntil(
                    seen -> seen.stream().filter(r -> r.value()[0] == 0).anyMatch(wanted), Duration.ofMinutes(2));
        }
        ConsumerRecord<byte[], byte[]> record = raw.stream()
                .filter(r -> r.value()[0] == 0)
                .filter(wanted)
                .findFirst()
                .orElseThrow();
        ByteBuffer bytes = ByteBuffer.wrap(record.value());
        assertThat(bytes.get()).as("magic byte").isZero();
        int schemaId = bytes.getInt();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        PLATFORM.platform().connection().schemaRegistryUrl() + "/schemas/ids/"
                                                + schemaId))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String schemaJson =
                new ObjectMapper().readTree(response.body()).get("schema").asText();
        Schema writer = new Schema.Parser().parse(schemaJson);
        GenericRecord value = new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(record.value(), 5, record.value().length - 5, null));
        assertThat(value.get("node").toString()).isEqualTo(new String(record.key()));
        return value;
    }

    @Test
    void consoleShowsTheFleetReadFromKafka() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        for (int i = 0; i < 60 && !body.contains("\"family\":\"web\""); i++) {
            Thread.sleep(1_000);
            body = http.send(
                            HttpRequest.newBuilder(console.url().resolve("/api/fleet"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        assertThat(body).contains("\"family\":\"web\"").contains("\"family\":\"db\"");
        String metrics = http.send(
                        HttpRequest.newBuilder(console.url().resolve("/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).contains("numbat_console");
    }

    @Test
    void everyComponentSaysItIsUpAtSlashHealth() throws Exception {
        try (HealthServer processor = HealthServer.start("127.0.0.1", 0, loop::processorHealth)) {
            for (String url : List.of(
                    console.url().resolve("/health").toString(),
                    loop.deployerUrl() + "/health",
                    loop.fleetControlUrl() + "/health",
                    processor.url())) {
                HttpResponse<String> r = untilUp(url);
                assertThat(r.statusCode()).as(url).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).as(url).hasValue("application/json");
                var json = new ObjectMapper().readTree(r.body());
                assertThat(json.get("status").asText()).as(url).isEqualTo("UP");
                assertThat(json.get("live").asBoolean()).as(url).isTrue();
                assertThat(json.has("checks")).as(url).isTrue();
            }
        }
    }

    /** GETs {@code url} until it answers 200 (generously: a component may still be catching up). */
    private static HttpResponse<String> untilUp(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = null;
        for (int i = 0; i < 90 && (r == null || r.statusCode() != 200); i++) {
            if (r != null) {
                Thread.sleep(1_000);
            }
            r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }
        return r;
    }

    @Test
    void trendsAreComputedPerNodeAndWindowWithEveryMetric() {
        List<ConsumerRecord<String, TrendWindow>> trends;
        try (TopicReader<String, TrendWindow> reader = reader(Topics.TREND_WINDOWS)) {
            trends = reader.readUntil(seen -> seen.size() > 10, Duration.ofMinutes(1));
        }
        assertThat(trends).isNotEmpty().allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.value().getNode());
            assertThat(r.value().getMetrics()).isNotEmpty().allSatisfy(m -> {
                assertThat(m.getCount()).isPositive();
                assertThat(m.getMin()).isLessThanOrEqualTo(m.getMax());
            });
        });
    }

    @Test
    void garbageOnEveryInputTopicGoesToDeadLettersOnceWithItsOrigin() throws Exception {
        int expected = 3 + GARBAGE_FOR_CONSOLE.size();
        List<ConsumerRecord<String, DeadLetter>> dead;
        try (TopicReader<String, DeadLetter> reader = reader(Topics.DEAD_LETTERS)) {
            reader.readUntil(seen -> seen.size() >= expected, Duration.ofMinutes(2));
            // a little longer: a second dead letter of the same record would show up here
            dead = reader.readUntil(seen -> false, Duration.ofSeconds(5));
        }
        assertThat(dead).hasSize(expected);
        GARBAGE_FOR_CONSOLE.forEach((topic, md) -> assertThat(dead)
                .map(ConsumerRecord::value)
                .filteredOn(d -> d.getSourceTopic().equals(topic))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.getComponent()).isEqualTo("console");
                    assertThat(d.getPartition()).isEqualTo(md.partition());
                    assertThat(d.getOffset()).isEqualTo(md.offset());
                    assertThat(d.getError()).contains("cannot deserialize");
                    assertThat(new String(d.getValue().array())).isEqualTo("garbage for " + topic);
                }));
        HttpClient http = HttpClient.newHttpClient();
        String alarms = "";
        for (int i = 0; i < 60 && !alarms.contains(GOOD_ALARM); i++) {
            alarms = http.send(
                            HttpRequest.newBuilder(console.url().resolve("/api/alarms"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Thread.sleep(alarms.contains(GOOD_ALARM) ? 0 : 1_000);
        }
        assertThat(alarms)
                .as("the console still serves the good alarm written after the garbage")
                .contains(GOOD_ALARM);
        DeadLetter metrics = dead.stream()
                .map(ConsumerRecord::value)
                .filter(d -> d.getSourceTopic().equals(Topics.METRICS.name()))
                .findFirst()
                .orElseThrow();
        assertThat(metrics.getPartition()).isEqualTo(garbageMetrics.partition());
        assertThat(metrics.getOffset()).isEqualTo(garbageMetrics.offset());
        assertThat(metrics.getComponent()).isEqualTo("stream-processor");
        assertThat(new String(metrics.getValue().array())).isEqualTo("not avro at all");
        DeadLetter decision = dead.stream()
                .map(ConsumerRecord::value)
                .filter(d -> d.getSourceTopic().equals(Topics.SCALING_DECISIONS.name()))
                .findFirst()
                .orElseThrow();
        assertThat(decision.getPartition()).isEqualTo(garbageDecision.partition());
        assertThat(decision.getOffset()).isEqualTo(garbageDecision.offset());
        assertThat(decision.getComponent()).isEqualTo("deployer");
        assertThat(decision.getError()).isNotBlank();
        DeadLetter verdict = dead.stream()
                .map(ConsumerRecord::value)
                .filter(d -> d.getSourceTopic().equals(Topics.REMEDIATION_COMMANDS.name()))
                .findFirst()
                .orElseThrow();
        assertThat(verdict.getPartition()).isEqualTo(garbageVerdict.partition());
        assertThat(verdict.getOffset()).isEqualTo(garbageVerdict.offset());
        assertThat(verdict.getComponent()).isEqualTo("stream-processor");
        assertThat(new String(verdict.getValue().array())).isEqualTo("not a verdict");
    }
}
