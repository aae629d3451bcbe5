package io.numbat.platform.it;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code numbat deployer} in a child JVM is killed ({@code kill -9}) in the middle of a 200-node
 * decision and started again: every node is launched exactly once (one REQUESTED and one STARTING
 * each on {@code numbat.deployments}, one node in the fleet), and every node reaches RUNNING.
 * The deploy is slowed (5 starts at a time, a metric tick a second) so the kill lands mid-way.
 */
class DeployerKillIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final int NODES = 200;

    /** {@code numbat deployer} in a child JVM (stderr appended to {@code log}), once it is ready. */
    static Process deployer(Path config, Path log, ClusterConnection cluster, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "deployer",
                "--config",
                config.toString(),
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--schema-registry",
                cluster.schemaRegistryUrl()));
        args.addAll(List.of(more));
        return ChildNumbat.start(log, args.toArray(String[]::new)).process();
    }

    static long count(List<ConsumerRecord<String, DeploymentEvent>> events, DeploymentState state) {
        return events.stream()
                .filter(r -> r.value().getState() == state)
                .map(ConsumerRecord::key)
                .distinct()
                .count();
    }

    @Test
    void aDeployerKilledMidDeployLaunchesEveryNodeExactlyOnceAfterItsRestart() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        MetricPublisher publisher = new MetricPublisher(
                cluster,
                PLATFORM.registry(),
                "kill-agent@test",
                SpoolSettings.defaults(PLATFORM.dataDir().resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        SimulatedFleet fleet = new SimulatedFleet(
                        List.of(new FamilySpec("web", 0, 1.0)), publisher, Duration.ofSeconds(1), 9, Clock.systemUTC())
                .start();
        Path dir = Files.createDirectories(Path.of("target", "deployer-kill-it"));
        Path log = dir.resolve("deployer.log");
        Files.deleteIfExists(log);
        Process first = null;
        Process second = null;
        try (FleetControlServer control = new FleetControlServer(fleet, 0);
                KafkaProducer<String, ScalingDecision> decisions = new KafkaProducer<>(
                        cluster.producerConfig("kill-decisions"),
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
            // the REST API's token from a file, as an operator keeps it out of ps; it must not reach the log either
            String token = "kill-it-token-" + UUID.randomUUID();
            Path tokenFile = Files.writeString(dir.resolve("api.token"), token + "\n");
            first = deployer(config, log, cluster, "--token-file", tokenFile.toString());
            ScalingDecision d = ScalingDecision.newBuilder()
                    .setId("web@kill-9")
                    .setFamily("web")
                    .setTimestamp(Instant.now())
                    .setAction(ScalingAction.SCALE_OUT)
                    .setCount(NODES)
                    .setCurrentNodes(0)
                    .setReason("kill -9 test")
                    .setSource("operator")
                    .setProfile(
                            CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                    .build();
            decisions
                    .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "web", d))
                    .get();

            List<ConsumerRecord<String, DeploymentEvent>> before =
                    deployments.readUntil(seen -> count(seen, DeploymentState.RUNNING) >= 20, Duration.ofMinutes(3));
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no offset commit
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long runningAtKill = count(before, DeploymentState.RUNNING);
            assertThat(runningAtKill).as("the kill landed mid-deploy").isBetween(20L, NODES - 1L);

            second = deployer(config, log, cluster, "--token-file", tokenFile.toString());
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
            long launchedTwice = requested.values().stream().filter(n -> n > 1).count()
                    + starting.values().stream().filter(n -> n > 1).count();
            System.out.printf(
                    "RESULT deployer-kill-9 nodes=%d running_at_kill=%d launched_twice=%d missing=%d%n",
                    NODES, runningAtKill, launchedTwice, NODES - running.size());
            assertThat(requested)
                    .hasSize(NODES)
                    .allSatisfy(
                            (node, n) -> assertThat(n).as(node + " REQUESTED").isEqualTo(1));
            assertThat(starting)
                    .hasSize(NODES)
                    .allSatisfy(
                            (node, n) -> assertThat(n).as(node + " STARTING").isEqualTo(1));
            assertThat(running).hasSize(NODES).isEqualTo(requested.keySet());
            assertThat(events)
                    .filteredOn(r -> r.value().getState() == DeploymentState.FAILED)
                    .isEmpty();
            assertThat(Set.copyOf(fleet.nodeNames()))
                    .as("one fleet node per deployed node")
                    .isEqualTo(running);
            assertThat(Files.readString(log))
                    .as("both deployers' log")
                    .contains("INFO")
                    .doesNotContain(token);
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
