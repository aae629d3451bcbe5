package io.numbat.platform.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.agent.fleet.Fault;
import io.numbat.agent.fleet.Target;
import io.numbat.platform.alerts.AlarmForwarding;
import io.numbat.platform.demo.ClosedLoop;
import io.numbat.platform.demo.DemoSettings;
import io.numbat.platform.kafka.FreePorts;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Severity;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}, a child process with a null receiver and no gossip)
 * gets the alarms of {@code numbat.alarms} from the forwarder of {@code numbat alerts}: a raised alarm arrives with
 * its labels and annotations, its clear resolves it. The forwarder's second Alertmanager is a port nobody listens
 * on, as one of an HA pair that is down: the first still gets every alert. Garbage on the topic is skipped. And the
 * whole path: a fault injected into a simulated node raises its alarm in the real stream processor, which reaches
 * Alertmanager with its labels and is resolved once the node recovers.
 */
class AlertmanagerIT {
    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    static final String ALARM_ID = "it-web-1@sim/predicted_exhaustion/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static Process alertmanager;
    private static String alertmanagerUrl;
    private static AlarmForwarding forwarding;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startAlertmanagerAndForwarder() throws Exception {
        assumeTrue(
                Files.isExecutable(BINARY),
                BINARY + " is not installed (apt-get install prometheus-alertmanager; .ci/run installs it)");
        Path dir = Files.createDirectories(PLATFORM.dataDir().resolve("alertmanager"));
        Path config = Files.writeString(
                dir.resolve("alertmanager.yml"), "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
        int port = FreePorts.pick();
        alertmanagerUrl = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        await("Alertmanager ready at " + alertmanagerUrl)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> get("/-/ready").statusCode() == 200);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.bootstrap()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ALARMS.name(), "garbage".getBytes(), "not an alarm".getBytes()))
                    .get();
        }
        String down = "http://127.0.0.1:" + FreePorts.pick();
        forwarding = AlarmForwarding.start(
                PLATFORM.platform().connection(),
                Topics.ALARMS.valueSerde(PLATFORM.registry()).deserializer(),
                Topics.SILENCES.valueSerde(PLATFORM.registry()).deserializer(),
                new AlarmForwarding.Settings(
                        List.of(down, alertmanagerUrl),
                        List.of(),
                        Optional.of("http://console.example:8080"),
                        Duration.ofSeconds(5),
                        1000));
    }

    @AfterAll
    static void stop() throws Exception {
        if (forwarding != null) {
            forwarding.close();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(20, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    @Test
    void aRaisedAlarmArrivesWithItsLabelsAndItsClearResolvesIt() throws Exception {
        int metric = MetricId.values()[0].id();
        publish(alarm(AlarmState.RAISED, metric));
        JsonNode alert = await("the alert in Alertmanager")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(AlertmanagerIT::ours, Optional::isPresent)
                .orElseThrow();
        JsonNode labels = alert.get("labels");
        assertEquals("predicted_exhaustion", labels.get("alertname").asText());
        assertEquals("predicted_exhaustion", labels.get("type").asText());
        assertEquals("it-web-1@sim", labels.get("node").asText());
        assertEquals("web", labels.get("family").asText());
        assertEquals("critical", labels.get("severity").asText());
        assertEquals(MetricId.nameOf(metric), labels.get("metric").asText());
        assertEquals(
                "the process count will reach its limit",
                alert.get("annotations").get("cause").asText());
        assertTrue(alert.get("annotations").get("evidence").asText().contains("of limit 1000"), alert.toString());
        assertEquals(
                "http://console.example:8080/#/node/it-web-1%40sim",
                alert.get("generatorURL").asText());
        assertEquals("active", alert.get("status").get("state").asText());

        Thread.sleep(1000); // the clear is later than the raise, as on the topic
        publish(alarm(AlarmState.CLEARED, metric));
        await("the alert resolved")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ours().map(AlertmanagerIT::resolved).orElse(true));
        assertEquals(1, forwarding.forwarder().unreadable(), "the garbage record was skipped and counted");
        assertTrue(forwarding.forwarder().receivers().get(0).outbox().failures() > 0, "the Alertmanager down");
    }

    @Test
    void anInjectedFaultsAlarmArrivesWithItsLabelsAndIsResolvedAfterRecovery() throws Exception {
        DemoSettings settings =
                new DemoSettings(4, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(10), 7, 0);
        Path dir = Files.createDirectories(PLATFORM.dataDir().resolve("loop"));
        try (ClosedLoop loop = ClosedLoop.start(PLATFORM.platform().connection(), PLATFORM.registry(), settings, dir)) {
            String node = "db-1@sim"; // family db is comfortable: nothing else fires for it
            assertTrue(
                    loop.fleet().nodeNames().contains(node),
                    loop.fleet().nodeNames().toString());
            assertEquals(1, loop.fleet().inject(Fault.PROCESS_LEAK, Target.node(node), Duration.ofMinutes(1)));

            JsonNode alert = await("the process_limit alert of " + node + " in Alertmanager")
                    .atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> alert(node, "process_limit"), Optional::isPresent)
                    .orElseThrow();
            JsonNode labels = alert.get("labels");
            assertEquals("process_limit", labels.get("type").asText(), alert.toString());
            assertEquals("db", labels.get("family").asText(), alert.toString());
            assertEquals(
                    MetricId.nameOf(MetricId.PROCESS_COUNT.id()),
                    labels.get("metric").asText(),
                    alert.toString());
            assertTrue(
                    List.of("minor", "major", "critical")
                            .contains(labels.get("severity").asText()),
                    alert.toString());
            assertTrue(alert.get("annotations").has("cause"), alert.toString());
            assertTrue(alert.get("annotations").get("evidence").asText().contains("of limit"), alert.toString());
            assertEquals(
                    "http://console.example:8080/#/node/db-1%40sim",
                    alert.get("generatorURL").asText());

            assertEquals(1, loop.fleet().recover(Target.node(node)));
            await("the process_limit alert of " + node + " resolved after recovery")
                    .atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> alert(node, "process_limit")
                            .map(AlertmanagerIT::resolved)
                            .orElse(true));
        }
    }

    /** The alert {@code alertname} of {@code node} as Alertmanager lists it, if listed. */
    private static Optional<JsonNode> alert(String node, String alertname) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v2/alerts");
        assertEquals(200, r.statusCode(), r.body());
        for (JsonNode a : JSON.readTree(r.body())) {
            if (node.equals(a.path("labels").path("node").asText())
                    && alertname.equals(a.path("labels").path("alertname").asText())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Test
    void aSilencedAlarmNeverReachesAlertmanager() throws Exception {
        int metric = MetricId.values()[0].id();
        Alarm silenced = Alarm.newBuilder(alarm(AlarmState.RAISED, metric))
                .setId("it-web-2@sim/predicted_exhaustion")
                .setNode("it-web-2@sim")
                .setSilenced(true)
                .setSilenceId("it-silence")
                .build();
        Alarm loud = Alarm.newBuilder(alarm(AlarmState.RAISED, metric))
                .setId("it-web-3@sim/predicted_exhaustion")
                .setNode("it-web-3@sim")
                .build();
        publish(silenced);
        publish(loud); // after the silenced one: once it is in Alertmanager, the silenced one was read before it
        await("the alarm that is not silenced in Alertmanager")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> node("it-web-3@sim"), Optional::isPresent);
        assertTrue(node("it-web-2@sim").isEmpty(), "the silenced alarm was forwarded");
        assertTrue(forwarding.forwarder().muted() > 0);
    }

    private static boolean resolved(JsonNode alert) {
        return !alert.get("status").get("state").asText().equals("active")
                || Instant.parse(alert.get("endsAt").asText()).isBefore(Instant.now());
    }

    private static Alarm alarm(AlarmState state, int metric) {
        return Alarm.newBuilder()
                .setId(ALARM_ID)
                .setNode("it-web-1@sim")
                .setFamily("web")
                .setType("predicted_exhaustion")
                .setState(state)
                .setSeverity(Severity.CRITICAL)
                .setTimestamp(Instant.now())
                .setCause("the process count will reach its limit")
                .setMetric(metric)
                .setValue(900.0)
                .setLimit(1000.0)
                .setSecondsToExhaustion(120.0)
                .build();
    }

    private static void publish(Alarm alarm) throws Exception {
        try (KafkaProducer<String, Alarm> alarms = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.bootstrap()),
                Topics.ALARMS.keySerde().serializer(),
                Topics.ALARMS.valueSerde(PLATFORM.registry()).serializer())) {
            alarms.send(new ProducerRecord<>(Topics.ALARMS.name(), alarm.getId(), alarm))
                    .get();
        }
    }

    /** Our alert as Alertmanager lists it (GET /api/v2/alerts, which leaves out resolved ones), if listed. */
    private static Optional<JsonNode> ours() throws IOException, InterruptedException {
        return node("it-web-1@sim");
    }

    /** The alert of {@code node} as Alertmanager lists it, if listed. */
    private static Optional<JsonNode> node(String node) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v2/alerts");
        assertEquals(200, r.statusCode(), r.body());
        for (JsonNode a : JSON.readTree(r.body())) {
            if (node.equals(a.path("labels").path("node").asText())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(alertmanagerUrl + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
