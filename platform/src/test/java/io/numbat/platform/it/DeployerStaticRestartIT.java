package io.numbat.platform.it;

import static io.numbat.platform.it.DeployerKillIT.count;
import static io.numbat.platform.it.DeployerKillIT.deployer;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.FleetControlServer;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DeployerKillIT} with a static group member ({@code group.instance.id} through
 * {@code --kafka-config}): the restarted deployer takes its predecessor's place in the group at
 * once instead of waiting for the group to drop it (the session timeout), and still launches every
 * node exactly once. Prints how soon after the restart the first resumed node was STARTING.
 */
class DeployerStaticRestartIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final int NODES = 100;

    @Test
    void aStaticMemberRestartedAfterAKillResumesAndLaunchesEveryNodeExactlyOnce() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        MetricPublisher publisher = new MetricPublisher(
                cluster,
                PLATFORM.registry(),
                "static-agent@test",
                SpoolSettings.defaults(PLATFORM.dataDir().resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        SimulatedFleet fleet = new SimulatedFleet(
                        List.of(new FamilySpec("web", 0, 1.0)), publisher, Duration.ofSeconds(1), 9, Clock.systemUTC())
                .start();
        Path dir = Files.createDirectories(Path.of("target", "deployer-static-restart-it"));
        Path log = dir.resolve("deployer.log");
        Files.deleteIfExists(log);
        Path clientConfig = Files.writeString(dir.resolve("client.properties"), "group.instance.id=deployer-1\n");
        Process first = null;
        Process second = null;
        try (FleetControlServer control = new FleetControlServer(fleet, 0);
                KafkaProducer<String, ScalingDecision> decisions = new KafkaProducer<>(
                        cluster.producerConfig("static-decisions"),
                        Topics.SCALING_DECISIONS.keySerde().serializer(),
                        Topics.SCALING_DECISIONS.valueSerde(PLATFORM.registry()).serializer());
                TopicReader<String, DeploymentEvent> deployments = new TopicReader<>(
                        cluster.bootstrapServers(),
                        Topics.DEPLOYMENTS.name(),
                        Topics.DEPLOYMENTS.keySerde().deserializer(),
                        TopicReader.skippingUnreadable(Topics.DEPLOYMENTS
                                .valueSerde(PLATFORM.registry())
                                .deserializer()))) {
            Path config = Files.writeString(dir.resolve("deployer.json"), """
                    {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                    "maxNodes": 1000, "costPerNodeHour": 0, "maxConcurrentStarts": 5,
                                    "settings": {"fleetUrl": "%s"}}],
                     "families": {"web": {"run": {"command": ["sim"]}, "maxNodes": 500}},
                     "launch": {"startTimeout": "10m", "retries": 0}}
                    """.formatted(control.url()));
            String[] staticMember = {"--kafka-config", clientConfig.toString()};
            first = deployer(config, log, cluster, staticMember);
            ScalingDecision d = ScalingDecision.newBuilder()
                    .setId("web@static")
                    .setFamily("web")
                    .setTimestamp(Instant.now())
                    .setAction(ScalingAction.SCALE_OUT)
                    .setCount(NODES)
                    .setCurrentNodes(0)
                    .setReason("static member test")
                    .setSource("operator")
                    .setProfile(
                            CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                    .build();
            decisions
                    .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "web", d))
                    .get();
            deployments.readUntil(seen -> count(seen, DeploymentState.RUNNING) >= 20, Duration.ofMinutes(3));
            first.destroyForcibly();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();

            second = deployer(config, log, cluster, staticMember);
            long ready = System.currentTimeMillis();
            List<ConsumerRecord<String, DeploymentEvent>> events =
                    deployments.readUntil(seen -> count(seen, DeploymentState.RUNNING) == NODES, Duration.ofMinutes(8));

            Map<String, Long> requested = events.stream()
                    .filter(r -> r.value().getState() == DeploymentState.REQUESTED)
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            Map<String, Long> starting = events.stream()
                    .filter(r -> r.value().getState() == DeploymentState.STARTING)
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            Set<String> running = events.stream()
                    .filter(r -> r.value().getState() == DeploymentState.RUNNING)
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            long firstResumed = events.stream()
                    .filter(r -> r.value().getState() == DeploymentState.STARTING
                            && r.value().getTimestamp().toEpochMilli() > ready)
                    .mapToLong(r -> r.value().getTimestamp().toEpochMilli())
                    .min()
                    .orElse(-1);
            System.out.printf(
                    "RESULT deployer-static-restart nodes=%d first_starting_after_ready_s=%.1f missing=%d%n",
                    NODES, firstResumed < 0 ? -1.0 : (firstResumed - ready) / 1000.0, NODES - running.size());
            assertThat(requested)
                    .hasSize(NODES)
                    .allSatisfy(
                            (node, n) -> assertThat(n).as(node + " REQUESTED").isEqualTo(1));
            assertThat(starting)
                    .hasSize(NODES)
                    .allSatisfy(
                            (node, n) -> assertThat(n).as(node + " STARTING").isEqualTo(1));
            assertThat(running).hasSize(NODES).isEqualTo(requested.keySet());
            assertThat(Set.copyOf(fleet.nodeNames()))
                    .as("one fleet node per deployed node")
                    .isEqualTo(running);
        } finally {
            for (Process p : new Process[] {first, second}) {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
            fleet.close();
            publisher.close();
        }
    }
}
