package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.DeployerVerticle;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.provider.SimulatedNodes;
import io.numbat.deployer.provider.SimulatedProvider;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployer fails safe against a real broker and registry (issue 12): a huge unreadable value and
 * a decision that breaks the rules are dead-lettered, and are acknowledged there; the decisions
 * polled with them are carried out; an operator request that would overflow is refused with JSON,
 * and after it and a volley of malformed requests a good request is still carried out.
 */
class DeployerFailSafeIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final String CONFIG = """
            {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024, "otpVersion": "26"},
                            "maxNodes": 100, "costPerNodeHour": 0}],
             "families": {"db": {"profile": {"cores": 1}, "run": {"command": ["sim"]}, "maxNodes": 20},
                          "web": {"profile": {"cores": 1}, "run": {"command": ["sim"]}, "maxNodes": 20}},
             "launch": {"startTimeout": "10m"}}
            """;
    private static final Duration WAIT = Duration.ofMinutes(3);

    private static Vertx vertx;
    private static DeployerVerticle deployer;
    private static KafkaProducer<String, ScalingDecision> decisions;
    private static KafkaProducer<String, byte[]> raw;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        SimulatedNodes nodes = new SimulatedNodes() { // nodes that never report: they stay STARTING
                    @Override
                    public void start(String node, String family) {}

                    @Override
                    public boolean stop(String node) {
                        return true;
                    }
                };
        vertx = Vertx.vertx();
        deployer = new DeployerVerticle(
                cluster,
                PLATFORM.registry(),
                DeployerConfig.parse(CONFIG),
                Map.of("sim", new SimulatedProvider("sim", nodes)),
                0);
        vertx.deployVerticle(deployer).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        decisions = new KafkaProducer<>(
                cluster.producerConfig("test-decisions"),
                Topics.SCALING_DECISIONS.keySerde().serializer(),
                Topics.SCALING_DECISIONS.valueSerde(PLATFORM.registry()).serializer());
        Map<String, Object> rawConfig = cluster.producerConfig("test-raw");
        rawConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        rawConfig.put(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                8 * 1024 * 1024); // the 5 MiB value is checked before compression
        raw = new KafkaProducer<>(rawConfig, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() throws Exception {
        if (decisions != null) {
            decisions.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static ScalingDecision decision(String id, String family, int count) {
        return ScalingDecision.newBuilder()
                .setId(id)
                .setFamily(family)
                .setTimestamp(Instant.now())
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(count)
                .setCurrentNodes(0)
                .setReason("test")
                .setSource("policy")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
    }

    private static TopicReader<String, DeploymentEvent> deployments() {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                Topics.DEPLOYMENTS.name(),
                Topics.DEPLOYMENTS.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        Topics.DEPLOYMENTS.valueSerde(PLATFORM.registry()).deserializer()));
    }

    private static TopicReader<String, DeadLetter> deadLetters() {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        Topics.DEAD_LETTERS.valueSerde(PLATFORM.registry()).deserializer()));
    }

    private static long requested(List<ConsumerRecord<String, DeploymentEvent>> events, String decision) {
        return events.stream()
                .filter(e ->
                        decision.equals(e.value().getDecisionId()) && e.value().getState() == DeploymentState.REQUESTED)
                .count();
    }

    /** Nodes REQUESTED for each decision id of {@code ids}, read from numbat.deployments until each has its {@code count}. */
    private static List<ConsumerRecord<String, DeploymentEvent>> awaitRequested(int count, String... ids) {
        try (TopicReader<String, DeploymentEvent> reader = deployments()) {
            return reader.readUntil(seen -> Arrays.stream(ids).allMatch(id -> requested(seen, id) >= count), WAIT);
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployer.httpPort() + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHugeLz4ValueOnTheDecisionsTopicArrivesOnTheDeadLetterTopic() throws Exception {
        byte[] zeros = new byte[5 * 1024 * 1024];
        raw.send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "web", zeros))
                .get(60, TimeUnit.SECONDS);
        raw.send(new ProducerRecord<>(
                        Topics.SCALING_DECISIONS.name(),
                        "web",
                        Topics.SCALING_DECISIONS
                                .valueSerde(PLATFORM.registry())
                                .serializer()
                                .serialize(Topics.SCALING_DECISIONS.name(), decision("web@after-zeros", "web", 1))))
                .get(60, TimeUnit.SECONDS);

        try (TopicReader<String, DeadLetter> reader = deadLetters()) {
            List<ConsumerRecord<String, DeadLetter>> letters = reader.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.value().getValueSize() == zeros.length), WAIT);
            assertThat(letters)
                    .filteredOn(r -> r.value().getValueSize() == zeros.length)
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.value().getSourceTopic()).isEqualTo(Topics.SCALING_DECISIONS.name());
                        assertThat(r.value().getComponent()).isEqualTo(DeployerVerticle.COMPONENT);
                        assertThat(r.value().getError()).contains("unreadable");
                    });
        }
        assertThat(requested(awaitRequested(1, "web@after-zeros"), "web@after-zeros"))
                .isEqualTo(1);
    }

    @Test
    void aBadDecisionAmongGoodOnesIsDeadLetteredAndTheGoodOnesAreCarriedOut() throws Exception {
        decisions.send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "db", decision("db@good-1", "db", 1)));
        decisions.send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "db", decision("db@minus-one", "db", -1)));
        decisions.send(new ProducerRecord<>(
                Topics.SCALING_DECISIONS.name(), "db", decision("db@huge", "db", Integer.MAX_VALUE)));
        decisions.send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "db", decision("db@good-2", "db", 2)));
        decisions.flush();

        List<ConsumerRecord<String, DeploymentEvent>> events = awaitRequested(1, "db@good-1", "db@good-2");
        assertThat(requested(events, "db@good-1")).isEqualTo(1);
        assertThat(requested(events, "db@good-2")).isEqualTo(2);
        try (TopicReader<String, DeadLetter> reader = deadLetters()) {
            List<ConsumerRecord<String, DeadLetter>> letters = reader.readUntil(
                    seen -> seen.stream()
                                    .filter(r -> r.value().getError().contains("db@minus-one")
                                            || r.value().getError().contains("db@huge"))
                                    .count()
                            == 2,
                    WAIT);
            assertThat(letters)
                    .extracting(r -> r.value().getError())
                    .anySatisfy(e -> assertThat(e).contains("db@minus-one: count must be >= 0, was -1"))
                    .anySatisfy(e -> assertThat(e).contains("db@huge: a scale-out of 2147483647 db nodes"));
        }
    }

    @Test
    void anOverflowingOrMalformedRequestIsRefusedWithJsonAndAGoodOneIsStillCarriedOut() throws Exception {
        decisions
                .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "web", decision("web@first", "web", 1)))
                .get();
        awaitRequested(1, "web@first"); // the family holds a node

        HttpResponse<String> overflow = post("/api/families/web/deploy", "{\"count\":2147483647}");
        assertThat(overflow.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(overflow.body()).getString("error")).contains("'count' must be an integer from 1");
        for (String body : List.of(
                "",
                "{",
                "[]",
                "{\"count\": -1}",
                "{\"count\": 1e400}",
                "{\"count\": NaN}",
                "{\"count\": \"1\"}",
                "{\"count\": 9223372036854775807}",
                "{\"count\": " + "[".repeat(5000) + "}",
                "{\"nodes\": -2147483648}")) {
            HttpResponse<String> r = post("/api/families/web/deploy", body);
            assertThat(r.statusCode()).as(body).isBetween(400, 499);
            assertThat(r.headers().firstValue("Content-Type")).as(body).hasValue("application/json");
        }
        HttpResponse<String> scale = post("/api/families/web/scale", "{\"nodes\": 2147483647}");
        assertThat(scale.statusCode()).isEqualTo(400);

        HttpResponse<String> good = post("/api/families/web/deploy", "{\"count\": 2}");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(202);
        String id = new JsonObject(good.body()).getString("decision");
        assertThat(requested(awaitRequested(2, id), id)).isEqualTo(2);
    }
}
