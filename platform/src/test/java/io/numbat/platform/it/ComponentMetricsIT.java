package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.schemas.CapabilityProfile;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Sample;
import io.numbat.schemas.ScalingAction;
import io.numbat.schemas.ScalingDecision;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every component's {@code /metrics} and {@code /health}, scraped for real: {@code numbat processor}, {@code fleet},
 * {@code deployer}, {@code agent} and {@code alerts} in child JVMs against the real broker and registry, with
 * {@code --http-port 0}. The processor raises {@code process_limit} on nodes at 90 % of their process limit, the
 * deployer launches a node in the fleet, the alert forwarder cannot reach its webhook; each shows in the series, and
 * every metric the Grafana dashboard's component rows query is one its component exposes.
 */
class ComponentMetricsIT {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentMetricsIT.class);

    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final int NODES = 4;
    private static final String FAMILY = "metrics-it";
    private static final Path DASHBOARD = Path.of("..", "docker", "grafana", "numbat-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:numbat|jvm|process|system|kafka)_[a-z0-9_]+");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyComponentServesMetricsAndHealthAndTheDashboardQueriesOnlyWhatTheyExpose() throws Exception {
        ClusterConnection cluster = PLATFORM.platform().connection();
        Path dir = PLATFORM.dataDir();
        List<String> kafka = List.of(
                "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry", cluster.schemaRegistryUrl());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nobody listens there once closed: the webhook is unreachable
        }
        try (ChildNumbat processor = child(
                        dir,
                        "processor",
                        kafka,
                        "--application-id",
                        "numbat-metrics-it",
                        "--state-dir",
                        dir.resolve("metrics-it-state").toString(),
                        "--http-port",
                        "0");
                ChildNumbat fleet = child(
                        dir,
                        "fleet",
                        kafka,
                        "--nodes",
                        "2",
                        "--families",
                        "1",
                        "--interval",
                        "1s",
                        "--deploy-family",
                        "extra",
                        "--http-port",
                        "0");
                ChildNumbat alerts = child(
                        dir,
                        "alerts",
                        kafka,
                        "--webhook",
                        "http://127.0.0.1:" + closedPort + "/hook",
                        "--http-port",
                        "0");
                ChildNumbat agent =
                        child(dir, "agent", kafka, "--jvm", "self", "--interval", "1s", "--http-port", "0");
                KafkaProducer<String, MetricBatch> batches = new KafkaProducer<>(
                        cluster.producerConfig("metrics-it"),
                        Topics.METRICS.keySerde().serializer(),
                        Topics.METRICS.valueSerde(PLATFORM.registry()).serializer());
                KafkaProducer<String, ScalingDecision> decisions = new KafkaProducer<>(
                        cluster.producerConfig("metrics-it-decisions"),
                        Topics.SCALING_DECISIONS.keySerde().serializer(),
                        Topics.SCALING_DECISIONS.valueSerde(PLATFORM.registry()).serializer())) {
            Path config =
                    Files.writeString(dir.resolve("metrics-it-deployer.json"), """
                    {"providers": [{"name": "sim", "type": "simulated", "offers": {"cores": 1, "memoryMb": 1024},
                                    "maxNodes": 10, "costPerNodeHour": 0, "maxConcurrentStarts": 2,
                                    "settings": {"fleetUrl": "%s"}}],
                     "families": {"extra": {"run": {"command": ["sim"]}, "maxNodes": 5}}}
                    """.formatted(fleet.printed("fleet")));
            try (ChildNumbat deployer =
                    child(dir, "deployer", kafka, "--config", config.toString(), "--http-port", "0")) {
                sendAll(batches);
                decisions
                        .send(new ProducerRecord<>(Topics.SCALING_DECISIONS.name(), "extra", scaleOut("extra")))
                        .get();

                String deployerBase = deployer.printed("deployer").replaceFirst("/api$", "");
                Map<String, String> metricsUrls = new LinkedHashMap<>();
                metricsUrls.put("Processor", metricsUrl(processor.printed("health")));
                metricsUrls.put("Deployer", deployerBase + "/metrics");
                metricsUrls.put("Agent", metricsUrl(agent.printed("health")));
                metricsUrls.put("Fleet simulator", fleet.printed("fleet") + "/metrics");
                metricsUrls.put("Alert forwarder", metricsUrl(alerts.printed("health")));
                List<String> healthUrls = List.of(
                        processor.printed("health"),
                        deployerBase + "/health",
                        agent.printed("health"),
                        fleet.printed("fleet") + "/health",
                        alerts.printed("health"));

                await("every component healthy")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> {
                            sendAll(batches);
                            for (String url : healthUrls) {
                                HttpResponse<String> h = get(url);
                                assertThat(h.statusCode())
                                        .as(url + ": " + h.body())
                                        .isEqualTo(200);
                                assertThat(h.headers().firstValue("Content-Type"))
                                        .hasValue("application/json");
                                assertThat(new ObjectMapper()
                                                .readTree(h.body())
                                                .get("status")
                                                .asText())
                                        .isEqualTo("UP");
                            }
                        });
                assertThat(new ObjectMapper()
                                .readTree(get(processor.printed("health")).body())
                                .at("/checks/streams")
                                .asText())
                        .isEqualTo("RUNNING");

                Map<String, Set<String>> queried = dashboardRows();
                assertThat(queried.keySet()).containsAll(metricsUrls.keySet());
                await("the processor's, deployer's, agent's, fleet's and forwarder's series")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(3))
                        .untilAsserted(() -> {
                            sendAll(batches); // the nodes keep reporting, so they are never found silent
                            Map<String, Double> p = samples(get(metricsUrls.get("Processor")));
                            assertThat(sum(
                                            p,
                                            "numbat_alarms_active{",
                                            "family=\"" + FAMILY + "\"",
                                            "type=\"process_limit\""))
                                    .as("process_limit alarms active")
                                    .isEqualTo(NODES);
                            assertThat(sum(p, "numbat_processor_records_processed_total{", "topic=\"numbat.metrics\""))
                                    .isGreaterThanOrEqualTo(NODES);
                            assertThat(sum(p, "numbat_processor_running")).isEqualTo(1.0);
                            assertThat(p.keySet())
                                    .as("Kafka Streams' consumer lag, through Micrometer's binder")
                                    .anyMatch(k -> k.startsWith("kafka_consumer_fetch_manager_records_lag"));

                            Map<String, Double> d = samples(get(metricsUrls.get("Deployer")));
                            assertThat(sum(d, "numbat_deployer_decisions_total{", "outcome=\"executed\""))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(sum(d, "numbat_deployer_node_events_total{", "state=\"starting\""))
                                    .as("launches")
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(sum(d, "numbat_deployer_nodes{", "family=\"extra\"", "state=\"running\""))
                                    .isEqualTo(1);

                            Map<String, Double> a = samples(get(metricsUrls.get("Agent")));
                            assertThat(sum(a, "numbat_agent_collection_seconds_count{"))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(sum(a, "numbat_publisher_batches_sent_total"))
                                    .isGreaterThanOrEqualTo(1);

                            Map<String, Double> f = samples(get(metricsUrls.get("Fleet simulator")));
                            assertThat(sum(f, "numbat_publisher_batches_sent_total"))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(f).containsKey("numbat_publisher_spool_bytes");

                            Map<String, Double> al = samples(get(metricsUrls.get("Alert forwarder")));
                            assertThat(sum(al, "numbat_alerts_firing")).isGreaterThanOrEqualTo(NODES);
                            assertThat(sum(al, "numbat_alerts_waiting{"))
                                    .as("kept for the unreachable webhook")
                                    .isGreaterThanOrEqualTo(NODES);

                            for (Map.Entry<String, String> row : metricsUrls.entrySet()) {
                                Set<String> exposed = new TreeSet<>();
                                LOG.info(
                                        "{} /metrics: {} samples",
                                        row.getKey(),
                                        samples(get(row.getValue())).size());
                                samples(get(row.getValue())).keySet().forEach(k -> exposed.add(k.split("\\{", 2)[0]));
                                assertThat(exposed)
                                        .as("series on " + row.getValue() + " for the dashboard's row " + row.getKey())
                                        .containsAll(queried.get(row.getKey()));
                            }
                        });
                for (String command : List.of("processor", "deployer", "agent", "fleet", "alerts")) {
                    assertThat(Files.readString(dir.resolve("metrics-it-" + command + ".log")))
                            .as("no series of " + command + " refused by the Prometheus registry")
                            .doesNotContain("Prometheus requires")
                            .doesNotContain("metrics refresh failed");
                }
            }
        }
    }

    private long sequence;

    private void sendAll(KafkaProducer<String, MetricBatch> producer) {
        sequence++;
        for (int i = 0; i < NODES; i++) {
            producer.send(new ProducerRecord<>(Topics.METRICS.name(), "m-" + i, batch("m-" + i, 0.9, sequence)));
        }
        producer.flush();
    }

    private static ChildNumbat child(Path dir, String command, List<String> kafka, String... more) throws Exception {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(kafka);
        args.addAll(List.of(more));
        return ChildNumbat.start(dir.resolve("metrics-it-" + command + ".log"), args.toArray(String[]::new));
    }

    private static String metricsUrl(String healthUrl) {
        return healthUrl.replaceFirst("/health$", "/metrics");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static MetricBatch batch(String node, double ratio, long sequence) {
        return MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(FAMILY)
                .setTimestamp(Instant.now())
                .setSequence(sequence)
                .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), ratio * 262_144)))
                .setLimits(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0)))
                .build();
    }

    private static ScalingDecision scaleOut(String family) {
        return ScalingDecision.newBuilder()
                .setId(family + "@metrics-it")
                .setFamily(family)
                .setTimestamp(Instant.now())
                .setAction(ScalingAction.SCALE_OUT)
                .setCount(1)
                .setCurrentNodes(0)
                .setReason("metrics test")
                .setSource("operator")
                .setProfile(CapabilityProfile.newBuilder().setLabels(Map.of()).build())
                .build();
    }

    /** {@code name{labels}} to value, for every sample line; a scrape that is not 200 fails. */
    private static Map<String, Double> samples(HttpResponse<String> scrape) {
        assertThat(scrape.statusCode()).as(scrape.uri() + ": " + scrape.body()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : scrape.body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    /** The sum of the samples whose key starts with {@code prefix} and contains every one of {@code labels}. */
    private static double sum(Map<String, Double> samples, String prefix, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            if ((k.equals(prefix) || k.startsWith(prefix.endsWith("{") ? prefix : prefix + "{"))
                    && List.of(labels).stream().allMatch(k::contains)) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** The metric names each row of the dashboard queries, by row title. */
    private static Map<String, Set<String>> dashboardRows() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        String row = "";
        for (JsonNode panel : dashboard.get("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                row = panel.get("title").asText();
                rows.putIfAbsent(row, new TreeSet<>());
                continue;
            }
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    rows.get(row).add(m.group());
                }
            }
        }
        return rows;
    }
}
