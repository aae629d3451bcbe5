package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.deployer.DeployerVerticle;
import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.provider.SimulatedNodes;
import io.numbat.deployer.provider.SimulatedProvider;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deployer that is replaced mid-flight (its successor sees the same decision again, as after a
 * crash before the offset commit) launches no node twice: the successor rebuilds its state from
 * {@code numbat.deployments}.
 */
class DeployerRestartIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final String CONFIG = """
            {"providers": [{"name": "simulated", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                            "maxNodes": 100, "costPerNodeHour": 0}],
             "families": {"web": {"profile": {"cores": 1, "memoryMb": 512}, "run": {"command": ["sim"]},
                                  "minNodes": 0, "maxNodes": 50, "cookieFile": "/dev/null"}}}
            """;

    private static void deploy(Vertx vertx, ClusterConnection cluster, SimulatedFleet fleet) throws Exception {
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
        vertx.deployVerticle(new DeployerVerticle(
                        cluster,
                        PLATFORM.registry(),
                        DeployerConfig.parse(CONFIG),
                        Map.of("simulated", new SimulatedProvider(nodes))))
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @Test
    void aRedeliveredDecisionAfterARestartLaunchesNothingTwice() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        MetricPublisher publisher = new MetricPublisher(
                cluster,
                PLATFORM.registry(),
                "restart-agent@test",
                SpoolSettings.defaults(PLATFORM.dataDir().resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        SimulatedFleet fleet = new SimulatedFleet(
                        List.of(new FamilySpec("web", 1, 0.5)), publisher, Duration.ofMillis(500), 3, Clock.systemUTC())
                .start();
        ScalingDecision decision = ScalingDecision.newBuilder()
                .setId("web@restart-test")
                .setFamily("web")
                .setTimestamp(Instant.now())
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(2)
                .setCurrentNodes(1)
                .setReason("test")
                .setSource("operator")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
        try (KafkaProducer<String, ScalingDecision> decisions = new KafkaProducer<>(
                        cluster.producerConfig("test-decisions"),
                        Topics.SCALING_DECISIONS.keySerde().serializer(),
                        Topics.SCALING_DECISIONS.valueSerde(PLATFORM.registry()).serializer());
                TopicReader<String, DeploymentEvent> deployments = new TopicReader<>(
                        cluster.bootstrapServers(),
                        Topics.DEPLOYMENTS.name(),
                        Topics.DEPLOYMENTS.keySerde().deserializer(),
                        TopicReader.skippingUnreadable(Topics.DEPLOYMENTS
                                .valueSerde(PLATFORM.registry())
                                .deserializer()))) {
            Vertx first = Vertx.vertx();
            deploy(first, cluster, fleet);
            decisions
                    .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "web", decision))
                    .get();
            deployments.readUntil(
                    seen -> seen.stream()
                                    .filter(r -> r.value().getState() == DeploymentState.RUNNING)
                                    .count()
                            >= 2,
                    Duration.ofMinutes(1));
            first.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            int nodesBefore = fleet.size();

            Vertx second = Vertx.vertx();
            try {
                deploy(second, cluster, fleet);
                decisions
                        .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "web", decision))
                        .get();
                Thread.sleep(5_000);
            } finally {
                second.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            List<ConsumerRecord<String, DeploymentEvent>> events =
                    deployments.readUntil(seen -> false, Duration.ofSeconds(2));
            assertThat(fleet.size())
                    .as("no node launched twice")
                    .isEqualTo(nodesBefore)
                    .isEqualTo(3);
            assertThat(events)
                    .filteredOn(r -> r.value().getState() == DeploymentState.REQUESTED)
                    .hasSize(2);
            assertThat(events)
                    .filteredOn(r -> r.value().getState() == DeploymentState.RUNNING)
                    .hasSize(2);
        } finally {
            fleet.close();
            publisher.close();
        }
    }
}
