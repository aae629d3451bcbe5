package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.FleetControlServer;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.deployer.cluster.Ownership;
import io.numbat.platform.kafka.FreePorts;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two {@code numbat deployer} processes in one consumer group share three families (one per
 * partition of {@code numbat.scaling-decisions}); in the middle of a 3 x 150-node scale-out the one
 * owning two families is killed ({@code kill -9}). The survivor takes them over: every node has
 * exactly one REQUESTED and one STARTING event on {@code numbat.deployments}, one node in the fleet,
 * and reaches RUNNING. Prints how long after the kill the survivor's first move for a taken-over
 * family came ({@code takeover_s}). 5 starts at a time per deployer, so the kill lands mid-deploy.
 */
class DeployerScaleOutIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final int PER_FAMILY = 150;
    private static final int PARTITIONS = 3;
    /** Three families whose decisions land on three different partitions, so both deployers own some. */
    private static final List<String> FAMILIES = onePerPartition();

    private static List<String> onePerPartition() {
        Map<Integer, String> byPartition = new TreeMap<>();
        Stream.of("web", "db", "queue", "cache", "edge", "api", "chat", "game", "auth", "mail")
                .forEach(f -> byPartition.putIfAbsent(Ownership.partitionOf(f, PARTITIONS), f));
        assertThat(byPartition).hasSize(PARTITIONS);
        return List.copyOf(byPartition.values());
    }

    private final HttpClient http = HttpClient.newHttpClient();

    /** The families the deployer at {@code port} acts for, by its REST API; empty while it cannot answer. */
    private Set<String> owned(int port) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/families"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new JsonArray(r.body())
                    .stream()
                            .map(JsonObject.class::cast)
                            .filter(f -> f.getBoolean("owned"))
                            .map(f -> f.getString("family"))
                            .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    /** Waits until the two deployers own disjoint families that are all of them; returns a's. */
    private Set<String> sharedOut(int a, int b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> ofA = owned(a);
            Set<String> ofB = owned(b);
            Set<String> all = new HashSet<>(ofA);
            all.addAll(ofB);
            if (!ofA.isEmpty()
                    && !ofB.isEmpty()
                    && ofA.size() + ofB.size() == PARTITIONS
                    && all.containsAll(FAMILIES)) {
                return ofA;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the deployers never shared the families out: a " + owned(a) + ", b " + owned(b));
    }

    private static long running(List<ConsumerRecord<String, DeploymentEvent>> events, Set<String> families) {
        return events.stream()
                .filter(r -> r.value().getState() == DeploymentState.RUNNING
                        && families.contains(r.value().getFamily()))
                .map(ConsumerRecord::key)
                .distinct()
                .count();
    }

    private static Map<String, Long> perNode(
            List<ConsumerRecord<String, DeploymentEvent>> events, DeploymentState state) {
        return events.stream()
                .filter(r -> r.value().getState() == state)
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    /** When the first STARTING or RUNNING event of {@code families} after {@code afterMillis} was made. */
    private static Optional<Long> firstMoveAfter(
            List<ConsumerRecord<String, DeploymentEvent>> events, Set<String> families, long afterMillis) {
        return events.stream()
                .map(ConsumerRecord::value)
                .filter(e -> families.contains(e.getFamily())
                        && e.getTimestamp().toEpochMilli() > afterMillis
                        && (e.getState() == DeploymentState.STARTING || e.getState() == DeploymentState.RUNNING))
                .map(e -> e.getTimestamp().toEpochMilli())
                .min(Long::compare);
    }

    @Test
    void theSurvivorTakesOverTheKilledDeployersFamiliesAndLaunchesEveryNodeExactlyOnce() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        Path dir = Files.createDirectories(Path.of("target", "deployer-scale-out-it"));
        MetricPublisher publisher = new MetricPublisher(
                cluster,
                PLATFORM.registry(),
                "scale-out-agent@test",
                SpoolSettings.defaults(PLATFORM.dataDir().resolve("spool")),
                Duration.ofSeconds(10),
                Clock.systemUTC());
        SimulatedFleet fleet = new SimulatedFleet(
                        FAMILIES.stream().map(f -> new FamilySpec(f, 0, 1.0)).toList(),
                        publisher,
                        Duration.ofSeconds(1),
                        11,
                        Clock.systemUTC())
                .start();
        int total = PER_FAMILY * FAMILIES.size();
        try (FleetControlServer control = new FleetControlServer(fleet, 0);
                KafkaProducer<String, ScalingDecision> decisions = new KafkaProducer<>(
                        cluster.producerConfig("scale-out-decisions"),
                        Topics.SCALING_DECISIONS.keySerde().serializer(),
                        Topics.SCALING_DECISIONS.valueSerde(PLATFORM.registry()).serializer());
                TopicReader<String, DeploymentEvent> deployments = new TopicReader<>(
                        cluster.bootstrapServers(),
                        Topics.DEPLOYMENTS.name(),
                        Topics.DEPLOYMENTS.keySerde().deserializer(),
                        TopicReader.skippingUnreadable(Topics.DEPLOYMENTS
                                .valueSerde(PLATFORM.registry())
                                .deserializer()))) {
            assertThat(decisions.partitionsFor(Topics.SCALING_DECISIONS.name())).hasSize(PARTITIONS);
            String families = FAMILIES.stream()
                    .map(f -> "\"" + f + "\": {\"run\": {\"command\": [\"sim\"]}, \"maxNodes\": 300}")
                    .collect(Collectors.joining(", "));
            Path config = Files.writeString(dir.resolve("deployer.json"), """
                    {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                    "maxNodes": 1000, "costPerNodeHour": 0, "maxConcurrentStarts": 5,
                                    "settings": {"fleetUrl": "%s"}}],
                     "families": {%s},
                     "launch": {"startTimeout": "10m", "retries": 0}}
                    """.formatted(control.url(), families));
            // a dead deployer leaves the group after 6 s instead of the default 45 s
            Path clientConfig = Files.writeString(
                    dir.resolve("client.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
            int portA = FreePorts.pick();
            int portB = FreePorts.pick();
            try (ChildNumbat a = ChildNumbat.start(
                            dir.resolve("deployer-a.log"), args(config, clientConfig, cluster, portA));
                    ChildNumbat b = ChildNumbat.start(
                            dir.resolve("deployer-b.log"), args(config, clientConfig, cluster, portB))) {
                Set<String> ofA = sharedOut(portA, portB);
                Set<String> ofB = new TreeSet<>(FAMILIES);
                ofB.removeAll(ofA);
                boolean killA = ofA.size() >= 2; // kill the one with two families
                ChildNumbat victim = killA ? a : b;
                int survivorPort = killA ? portB : portA;
                Set<String> dead = killA ? ofA : ofB;
                System.out.printf("deployer a owns %s, b owns %s; killing %s%n", ofA, ofB, killA ? "a" : "b");

                for (String family : FAMILIES) {
                    ScalingDecision d = ScalingDecision.newBuilder()
                            .setId(family + "@scale-out")
                            .setFamily(family)
                            .setTimestamp(Instant.now())
                            .setAction(ScalingAction.SCALE_OUT)
                            .setCount(PER_FAMILY)
                            .setCurrentNodes(0)
                            .setReason("scale-out test")
                            .setSource("operator")
                            .setProfile(CapabilityProfile.newBuilder()
                                    .setLabels(Map.of())
                                    .build())
                            .build();
                    decisions
                            .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), family, d))
                            .get();
                }
                List<ConsumerRecord<String, DeploymentEvent>> before =
                        deployments.readUntil(seen -> running(seen, dead) >= 20, Duration.ofMinutes(4));
                long killedAt = System.currentTimeMillis();
                victim.kill(); // SIGKILL: no flush, no commit, no leaving the group
                long runningAtKill = running(before, dead);
                assertThat(runningAtKill)
                        .as("the kill landed mid-deploy")
                        .isBetween(20L, dead.size() * PER_FAMILY - 1L);

                List<ConsumerRecord<String, DeploymentEvent>> events = deployments.readUntil(
                        seen -> running(seen, Set.copyOf(FAMILIES)) == total, Duration.ofMinutes(10));

                Map<String, Long> requested = perNode(events, DeploymentState.REQUESTED);
                Map<String, Long> starting = perNode(events, DeploymentState.STARTING);
                Set<String> running = perNode(events, DeploymentState.RUNNING).keySet();
                long launchedTwice =
                        requested.values().stream().filter(n -> n > 1).count()
                                + starting.values().stream().filter(n -> n > 1).count();
                double takeoverS = firstMoveAfter(events, dead, killedAt)
                        .map(t -> (t - killedAt) / 1000.0)
                        .orElse(-1.0);
                System.out.printf(
                        "RESULT deployer-failover deployers=2 families=%d nodes=%d running_at_kill=%d takeover_s=%.1f "
                                + "session_timeout_s=6 launched_twice=%d missing=%d%n",
                        FAMILIES.size(), total, runningAtKill, takeoverS, launchedTwice, total - running.size());

                assertThat(requested)
                        .hasSize(total)
                        .allSatisfy((node, n) ->
                                assertThat(n).as(node + " REQUESTED").isEqualTo(1));
                assertThat(starting)
                        .hasSize(total)
                        .allSatisfy((node, n) ->
                                assertThat(n).as(node + " STARTING").isEqualTo(1));
                assertThat(running).hasSize(total).isEqualTo(requested.keySet());
                assertThat(events)
                        .filteredOn(r -> r.value().getState() == DeploymentState.FAILED)
                        .isEmpty();
                assertThat(Set.copyOf(fleet.nodeNames()))
                        .as("one fleet node per deployed node")
                        .isEqualTo(running);
                assertThat(owned(survivorPort))
                        .as("the survivor acts for every family")
                        .containsExactlyInAnyOrderElementsOf(FAMILIES);
                assertThat(takeoverS)
                        .as("a move for a taken-over family after the kill")
                        .isPositive();
            }
        } finally {
            fleet.close();
            publisher.close();
        }
    }

    private static String[] args(Path config, Path clientConfig, ClusterConnection cluster, int port) {
        return new String[] {
            "deployer",
            "--config",
            config.toString(),
            "--kafka-config",
            clientConfig.toString(),
            "--bootstrap-servers",
            cluster.bootstrapServers(),
            "--schema-registry",
            cluster.schemaRegistryUrl(),
            "--http-port",
            String.valueOf(port)
        };
    }
}
