package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.deployer.DeployerVerticle;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.provider.SimulatedNodes;
import io.numbat.deployer.provider.SimulatedProvider;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployer verticle's launch path against a real broker: what the broker cannot place, and an
 * unknown family, end FAILED with the reason on {@code numbat.deployments}; a provider whose starts
 * fail is retried on the next provider; an operator stops one node through the REST API.
 */
class DeployerLaunchIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final String CONFIG = """
            {"providers": [
               {"name": "broken", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024, "otpVersion": "26"},
                "maxNodes": 100, "costPerNodeHour": 0},
               {"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024, "otpVersion": "26"},
                "maxNodes": 100, "costPerNodeHour": 0.01, "maxConcurrentStarts": 2}],
             "families": {
               "web": {"profile": {"cores": 1, "memoryMb": 512}, "run": {"command": ["sim"]}, "maxNodes": 50},
               "new": {"profile": {"otpVersion": "27"}, "run": {"command": ["sim"]}, "maxNodes": 50}},
             "launch": {"startTimeout": "2m", "retries": 2, "backoff": "100ms"}}
            """;

    private static MetricPublisher publisher;
    private static SimulatedFleet fleet;
    private static Vertx vertx;
    private static DeployerVerticle deployer;
    private static KafkaProducer<String, ScalingDecision> decisions;

    @BeforeAll
    static void start() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        publisher = new MetricPublisher(
                cluster,
                PLATFORM.registry(),
                "launch-agent@test",
                SpoolSettings.defaults(PLATFORM.dataDir().resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        fleet = new SimulatedFleet(
                        List.of(new FamilySpec("web", 0, 1.0)), publisher, Duration.ofMillis(500), 5, Clock.systemUTC())
                .start();
        SimulatedNodes nodes = new SimulatedNodes() {
            @Override
            public void start(String node, String family) {
                fleet.startNode(node, family);
            }

            @Override
            public boolean stop(String node) {
                return fleet.stopNode(node);
            }
        };
        NodeProvider broken = new NodeProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Future<Void> start(NodeSpec spec) {
                return Future.failedFuture("no space left on device");
            }

            @Override
            public Future<Void> stop(String node) {
                return Future.succeededFuture();
            }
        };
        vertx = Vertx.vertx();
        deployer = new DeployerVerticle(
                cluster,
                PLATFORM.registry(),
                DeployerConfig.parse(CONFIG),
                Map.of("broken", broken, "sim", new SimulatedProvider("sim", nodes)),
                0);
        vertx.deployVerticle(deployer).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        decisions = new KafkaProducer<>(
                cluster.producerConfig("test-decisions"),
                Topics.SCALING_DECISIONS.keySerde().serializer(),
                Topics.SCALING_DECISIONS.valueSerde(PLATFORM.registry()).serializer());
    }

    @AfterAll
    static void stop() throws Exception {
        if (decisions != null) {
            decisions.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (fleet != null) {
            fleet.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    private static void send(String id, String family, int count) throws Exception {
        ScalingDecision d = ScalingDecision.newBuilder()
                .setId(id)
                .setFamily(family)
                .setTimestamp(Instant.now())
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(count)
                .setCurrentNodes(0)
                .setReason("test")
                .setSource("operator")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
        decisions
                .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), family, d))
                .get();
    }

    private static TopicReader<String, DeploymentEvent> deployments() {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                Topics.DEPLOYMENTS.name(),
                Topics.DEPLOYMENTS.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        Topics.DEPLOYMENTS.valueSerde(PLATFORM.registry()).deserializer()));
    }

    private static List<ConsumerRecord<String, DeploymentEvent>> of(
            List<ConsumerRecord<String, DeploymentEvent>> events, String decision, DeploymentState state) {
        return events.stream()
                .filter(r ->
                        decision.equals(r.value().getDecisionId()) && r.value().getState() == state)
                .toList();
    }

    @Test
    void nodesNothingCanRunAndUnknownFamiliesAreFailedWithTheReason() throws Exception {
        send("new@unplaceable", "new", 3);
        send("ghost@unknown", "ghost", 2);
        try (TopicReader<String, DeploymentEvent> reader = deployments()) {
            List<ConsumerRecord<String, DeploymentEvent>> events = reader.readUntil(
                    seen -> of(seen, "new@unplaceable", DeploymentState.FAILED).size() == 3
                            && of(seen, "ghost@unknown", DeploymentState.FAILED).size() == 2,
                    Duration.ofMinutes(2));

            assertThat(of(events, "new@unplaceable", DeploymentState.FAILED))
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(r.value().getReason()).contains("no provider offers otp >= 27"));
            assertThat(of(events, "ghost@unknown", DeploymentState.FAILED))
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.value().getReason()).contains("unknown family 'ghost'"));
            assertThat(events)
                    .filteredOn(r -> r.value().getDecisionId().equals("new@unplaceable")
                            && r.value().getState() != DeploymentState.FAILED)
                    .as("nothing half-done")
                    .isEmpty();
        }
    }

    @Test
    void aFailingProvidersNodesAreRetriedOnTheNextProviderAndRun() throws Exception {
        send("web@retry", "web", 3);
        try (TopicReader<String, DeploymentEvent> reader = deployments()) {
            List<ConsumerRecord<String, DeploymentEvent>> events = reader.readUntil(
                    seen -> of(seen, "web@retry", DeploymentState.RUNNING).size() == 3, Duration.ofMinutes(3));

            assertThat(of(events, "web@retry", DeploymentState.RUNNING))
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(r.value().getProvider()).isEqualTo("sim"));
            assertThat(of(events, "web@retry", DeploymentState.STARTING))
                    .filteredOn(r -> r.value().getProvider().equals("broken"))
                    .as("the cheapest provider was tried first")
                    .hasSize(3);
            assertThat(of(events, "web@retry", DeploymentState.REQUESTED))
                    .filteredOn(r -> r.value().getProvider().equals("sim"))
                    .hasSize(3)
                    .allSatisfy(
                            r -> assertThat(r.value().getReason())
                                    .contains(
                                            "attempt 1 on broken: start failed: no space left on device; attempt 2 of 3 on sim"));
            assertThat(of(events, "web@retry", DeploymentState.FAILED)).isEmpty();
        }
    }

    @Test
    void anOperatorStopsOneRunningNodeThroughTheApi() throws Exception {
        send("web@stop", "web", 1);
        HttpClient http = HttpClient.newHttpClient();
        try (TopicReader<String, DeploymentEvent> reader = deployments()) {
            String node = of(
                            reader.readUntil(
                                    seen -> of(seen, "web@stop", DeploymentState.RUNNING)
                                                    .size()
                                            == 1,
                                    Duration.ofMinutes(3)),
                            "web@stop",
                            DeploymentState.RUNNING)
                    .get(0)
                    .value()
                    .getNode();

            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + deployer.httpPort() + "/api/nodes/" + node + "/stop"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);
            List<ConsumerRecord<String, DeploymentEvent>> events = reader.readUntil(
                    seen -> seen.stream()
                            .anyMatch(e -> e.value().getNode().equals(node)
                                    && e.value().getState() == DeploymentState.STOPPED),
                    Duration.ofMinutes(2));

            assertThat(events)
                    .filteredOn(e -> e.value().getNode().equals(node))
                    .extracting(e -> e.value().getState())
                    .endsWith(DeploymentState.RUNNING, DeploymentState.STOPPING, DeploymentState.STOPPED);
            assertThat(fleet.nodeNames()).doesNotContain(node);
            HttpResponse<String> again = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployer.httpPort() + "/api/nodes/" + node))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("already STOPPED");
        }
    }
}
