package io.numbat.bench;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.FleetControlServer;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.deployer.cluster.Ownership;
import io.numbat.platform.PlatformException;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.schemas.registry.RestSchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.topic.ClusterConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Two {@code numbat deployer} processes in one consumer group, one family per partition of
 * {@code numbat.scaling-decisions}; in the middle of a scale-out of every family the deployer owning
 * the most families is killed with SIGKILL. Prints how long after the kill the survivor made its
 * first move (STARTING or RUNNING) for a family it took over, and checks on {@code numbat.deployments}
 * and the fleet that every node was launched exactly once and is RUNNING.
 */
@Command(
        name = "deployer-failover",
        mixinStandardHelpOptions = true,
        description =
                "Two deployers share the families; kill -9 one mid-deploy; prints seconds until the survivor has taken "
                        + "over, nodes launched twice and nodes missing.")
final class DeployerFailoverBench implements Callable<Integer> {
    @Option(
            names = "--nodes-per-family",
            defaultValue = "150",
            description = "Nodes deployed per family (default ${DEFAULT-VALUE}).")
    int perFamily;

    @Option(
            names = "--max-concurrent-starts",
            defaultValue = "5",
            description =
                    "maxConcurrentStarts of each deployer's provider: low, so the kill lands mid-deploy (default ${DEFAULT-VALUE}).")
    int maxConcurrentStarts;

    @Option(
            names = "--kill-at",
            defaultValue = "20",
            description = "Kill when this many nodes of the victim's families are RUNNING (default ${DEFAULT-VALUE}).")
    int killAt;

    @Option(
            names = "--session-timeout",
            defaultValue = "6s",
            converter = DurationConverter.class,
            description =
                    "The deployers' session.timeout.ms, through --kafka-config: how soon the group drops a dead one "
                            + "(default ${DEFAULT-VALUE}; Kafka's own default is 45s).")
    Duration sessionTimeout;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Give up after (default ${DEFAULT-VALUE}).")
    Duration timeout;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Integer call() throws Exception {
        int partitions = 3;
        List<String> families = onePerPartition(partitions);
        Path dir = BenchDirectory.create();
        try (NumbatProcess platform = NumbatProcess.platform(dir.resolve("platform"));
                SchemaRegistryClient registry =
                        new RestSchemaRegistryClient(platform.connection().schemaRegistryUrl())) {
            ClusterConnection cluster = platform.connection();
            MetricPublisher publisher = new MetricPublisher(
                    cluster,
                    registry,
                    "bench-agent@deployer-failover",
                    SpoolSettings.defaults(dir.resolve("spool")),
                    Duration.ofSeconds(10),
                    Clock.systemUTC());
            SimulatedFleet fleet = new SimulatedFleet(
                            families.stream()
                                    .map(f -> new FamilySpec(f, 0, 1.0))
                                    .toList(),
                            publisher,
                            Duration.ofSeconds(1),
                            1,
                            Clock.systemUTC())
                    .start();
            try (FleetControlServer control = new FleetControlServer(fleet, 0);
                    DeploymentLog log = new DeploymentLog(cluster, registry)) {
                String[] args = deployerArgs(dir, cluster, families, control.url());
                try (NumbatProcess a = NumbatProcess.start(dir.resolve("deployer-a"), "-Xmx512m", args);
                        NumbatProcess b = NumbatProcess.start(dir.resolve("deployer-b"), "-Xmx512m", args)) {
                    Map<String, Set<String>> owners =
                            sharedOut(Map.of("a", a.printed("deployer"), "b", b.printed("deployer")), families);
                    String victimName =
                            owners.get("a").size() >= owners.get("b").size() ? "a" : "b";
                    NumbatProcess victim = victimName.equals("a") ? a : b;
                    Set<String> dead = owners.get(victimName);
                    System.out.printf(
                            Locale.ROOT,
                            "deployer a owns %s, b owns %s; %d nodes per family, %d starts at a time "
                                    + "per deployer; killing %s when %d of its nodes are RUNNING%n",
                            owners.get("a"),
                            owners.get("b"),
                            perFamily,
                            maxConcurrentStarts,
                            victimName,
                            killAt);
                    for (String family : families) {
                        deploy(a.printed("deployer"), family);
                    }
                    long deadline = System.nanoTime() + timeout.toNanos();
                    log.readUntil(() -> log.running(dead) >= killAt, deadline);
                    long killedAt = System.currentTimeMillis();
                    victim.kill();
                    long runningAtKill = log.running(dead);
                    int total = perFamily * families.size();
                    System.out.printf(
                            Locale.ROOT,
                            "killed %s with %d of its nodes RUNNING; waiting for all %d%n",
                            victimName,
                            runningAtKill,
                            total);
                    log.readUntil(() -> log.running(Set.copyOf(families)) >= total, deadline);
                    double takeover = log.firstMoveAfter(dead, killedAt)
                            .map(t -> (t - killedAt) / 1000.0)
                            .orElse(-1.0);
                    long missing = total - log.running(Set.copyOf(families));
                    long twice = log.launchedTwice();
                    long extraInFleet = fleet.nodeNames().stream()
                            .filter(n -> !log.isRunning(n))
                            .count();
                    System.out.printf(
                            Locale.ROOT,
                            "%d of %d RUNNING, %d failed; fleet holds %d nodes (%d not RUNNING)%n",
                            total - missing,
                            total,
                            log.failed(),
                            fleet.size(),
                            extraInFleet);
                    System.out.printf(
                            Locale.ROOT,
                            "RESULT deployer-failover deployers=2 families=%d nodes=%d running_at_kill=%d "
                                    + "takeover_s=%.1f session_timeout_s=%d launched_twice=%d missing=%d%n",
                            families.size(),
                            total,
                            runningAtKill,
                            takeover,
                            sessionTimeout.toSeconds(),
                            twice,
                            missing);
                    return twice == 0 && missing == 0 && extraInFleet == 0 ? 0 : 1;
                }
            } finally {
                fleet.close();
                publisher.close(Duration.ofSeconds(30));
            }
        }
    }

    /** Families named so that their decisions land on different partitions: each deployer owns some. */
    static List<String> onePerPartition(int partitions) {
        Map<Integer, String> byPartition = new TreeMap<>();
        Stream.of("web", "db", "queue", "cache", "edge", "api", "chat", "game", "auth", "mail")
                .forEach(f -> byPartition.putIfAbsent(Ownership.partitionOf(f, partitions), f));
        return List.copyOf(byPartition.values());
    }

    private String[] deployerArgs(Path dir, ClusterConnection cluster, List<String> families, String fleetUrl)
            throws Exception {
        String familyConfig = families.stream()
                .map(f -> "\"" + f + "\": {\"run\": {\"command\": [\"sim\"]}, \"maxNodes\": " + perFamily + "}")
                .collect(Collectors.joining(", "));
        Path config = Files.writeString(dir.resolve("deployer.json"), """
                {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                "maxNodes": %d, "costPerNodeHour": 0, "maxConcurrentStarts": %d,
                                "settings": {"fleetUrl": "%s"}}],
                 "families": {%s},
                 "launch": {"startTimeout": "10m", "retries": 0}}
                """.formatted(
                        perFamily * families.size(), maxConcurrentStarts, fleetUrl, familyConfig));
        Path client = Files.writeString(
                dir.resolve("client.properties"),
                "session.timeout.ms=" + sessionTimeout.toMillis() + "\nheartbeat.interval.ms="
                        + Math.max(500, sessionTimeout.toMillis() / 4) + "\n");
        return new String[] {
            "deployer",
            "--config",
            config.toString(),
            "--kafka-config",
            client.toString(),
            "--bootstrap-servers",
            cluster.bootstrapServers(),
            "--schema-registry",
            cluster.schemaRegistryUrl()
        };
    }

    /** Waits until each deployer owns some families and together all, once each. */
    private Map<String, Set<String>> sharedOut(Map<String, String> apis, List<String> families) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, Set<String>> owners = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            for (var api : apis.entrySet()) {
                owners.put(api.getKey(), owned(api.getValue()));
            }
            List<String> all = new ArrayList<>();
            owners.values().forEach(all::addAll);
            if (owners.values().stream().noneMatch(Set::isEmpty)
                    && all.size() == families.size()
                    && all.containsAll(families)) {
                return owners;
            }
            Thread.sleep(500);
        }
        throw new PlatformException("the deployers never shared the families out: " + owners);
    }

    private Set<String> owned(String api) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api + "/families")).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonArray(r.body())
                .stream()
                        .map(JsonObject.class::cast)
                        .filter(f -> f.getBoolean("owned"))
                        .map(f -> f.getString("family"))
                        .collect(Collectors.toCollection(TreeSet::new));
    }

    private void deploy(String api, String family) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api + "/families/" + family + "/deploy"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + perFamily + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new PlatformException("deploy of " + family + " answered " + r.statusCode() + ": " + r.body());
        }
        System.out.printf(Locale.ROOT, "deploy %s: %s%n", family, r.body());
    }
}
