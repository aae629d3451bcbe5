package io.numbat.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.agent.collect.CollectionTimes;
import io.numbat.platform.alerts.AlarmForwarding;
import io.numbat.platform.alerts.AlertFormat;
import io.numbat.platform.alerts.AlertForwarder;
import io.numbat.platform.alerts.AlertSink;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The components' own series: their names follow Prometheus' conventions, and the active alarms are counted right. */
class ComponentMetricsTest {
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

    private final Map<String, Alarm> records = new HashMap<>();
    /** The test's records are the alarms' ids as bytes: no registry needed. */
    private final Deserializer<Alarm> alarms = (topic, bytes) -> {
        Alarm a = records.get(new String(bytes, StandardCharsets.UTF_8));
        if (a == null) {
            throw new IllegalArgumentException("unreadable");
        }
        return a;
    };

    private byte[] record(Alarm a) {
        String ref = a.getId() + "#" + records.size();
        records.put(ref, a);
        return ref.getBytes(StandardCharsets.UTF_8);
    }

    private static Alarm alarm(String node, String family, String type, Severity severity, AlarmState state) {
        return Alarm.newBuilder()
                .setId(node + "/" + type)
                .setNode(node)
                .setFamily(family)
                .setType(type)
                .setState(state)
                .setSeverity(severity)
                .setTimestamp(Instant.now())
                .setCause(type)
                .setMetric(MetricId.PROCESS_COUNT.id())
                .setValue(200_000.0)
                .setLimit(262_144.0)
                .build();
    }

    /** Every sample line of a scrape, {@code name{labels}} to value. */
    static Map<String, Double> samples(String scrape) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    @Test
    void activeAlarmsCountRaisesLessClearsAndTombstonesByFamilyTypeAndSeverity() throws Exception {
        try (ComponentMetrics metrics = new ComponentMetrics()) {
            ActiveAlarms active = new ActiveAlarms(alarms);
            active.bind(metrics);
            active.take(
                    "web-1/process_limit",
                    record(alarm("web-1", "web", "process_limit", Severity.MAJOR, AlarmState.RAISED)));
            active.take(
                    "web-2/process_limit",
                    record(alarm("web-2", "web", "process_limit", Severity.MAJOR, AlarmState.RAISED)));
            active.take(
                    "db-1/node_down", record(alarm("db-1", "db", "node_down", Severity.CRITICAL, AlarmState.RAISED)));
            // raised again (a severity change): still one alarm
            active.take(
                    "web-2/process_limit",
                    record(alarm("web-2", "web", "process_limit", Severity.MAJOR, AlarmState.RAISED)));
            active.take("garbage", "not a record".getBytes(StandardCharsets.UTF_8));
            Map<String, Double> s = samples(metrics.scrape());
            assertThat(s)
                    .containsEntry(
                            "numbat_alarms_active{family=\"web\",severity=\"major\",type=\"process_limit\"}", 2.0)
                    .containsEntry("numbat_alarms_active{family=\"db\",severity=\"critical\",type=\"node_down\"}", 1.0)
                    .containsEntry("numbat_alarms_records_unreadable_total", 1.0);

            active.take(
                    "web-1/process_limit",
                    record(alarm("web-1", "web", "process_limit", Severity.MINOR, AlarmState.CLEARED)));
            active.take("db-1/node_down", null); // a tombstone
            s = samples(metrics.scrape());
            assertThat(s)
                    .containsEntry(
                            "numbat_alarms_active{family=\"web\",severity=\"major\",type=\"process_limit\"}", 1.0)
                    .as("a label set once seen stays, at 0")
                    .containsEntry("numbat_alarms_active{family=\"db\",severity=\"critical\",type=\"node_down\"}", 0.0);
        }
    }

    @Test
    void collectionTimesArePerNodeInSeconds() {
        try (ComponentMetrics metrics = new ComponentMetrics()) {
            CollectionTimes times = new CollectionTimes();
            PublisherMeters.bindCollectionTimes(metrics, times);
            times.record("a@host", 2_000_000_000L);
            times.record("a@host", 1_000_000_000L);
            Map<String, Double> s = samples(metrics.scrape());
            assertThat(s)
                    .containsEntry("numbat_agent_collection_seconds_count{node=\"a@host\"}", 2.0)
                    .containsEntry("numbat_agent_collection_seconds_sum{node=\"a@host\"}", 3.0);
        }
    }

    /** An alert forwarder whose one Alertmanager is down and keeps at most 2 alerts. */
    private static AlertForwarder forwarderWithReceiverDown() {
        AlertSink down = json -> CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        return new AlertForwarder(
                List.of(new AlertForwarder.Receiver("alertmanager http://am:9093", AlertFormat.ALERTMANAGER, down, 2)),
                Duration.ofSeconds(60),
                Optional.empty(),
                Clock.fixed(Instant.now(), ZoneOffset.UTC));
    }

    @Test
    void theAlertForwarderExposesAlertsDroppedPerReceiverAndSendsHeldBackBySilences() throws Exception {
        AlertForwarder forwarder = forwarderWithReceiverDown();
        for (String node : List.of("web-1", "web-2", "web-3")) {
            forwarder.onAlarm(alarm(node, "web", "process_limit", Severity.MAJOR, AlarmState.RAISED));
        }
        forwarder.onAlarm(Alarm.newBuilder(alarm("web-4", "web", "process_limit", Severity.MAJOR, AlarmState.RAISED))
                .setSilenced(true)
                .setSilenceId("maintenance-web-4")
                .build());
        forwarder.flush(Duration.ofSeconds(5));
        try (ComponentMetrics metrics = new ComponentMetrics()) {
            AlertsMeters.bind(metrics, forwarder, AlarmForwarding::statsOf);
            String receiver = "{receiver=\"alertmanager http://am:9093\"}";
            assertThat(samples(metrics.scrape()))
                    .containsEntry("numbat_alerts_muted_total", 1.0)
                    .containsEntry("numbat_alerts_dropped_total" + receiver, 1.0)
                    .containsEntry("numbat_alerts_waiting" + receiver, 2.0)
                    .containsEntry("numbat_alerts_post_failures_total" + receiver, 1.0)
                    .containsEntry("numbat_alerts_sent_total" + receiver, 0.0)
                    .containsEntry("numbat_alerts_records_unreadable_total", 0.0);
        }
    }

    @Test
    void numbatSeriesFollowPrometheusNamingConventions() {
        try (ComponentMetrics metrics = new ComponentMetrics()) {
            ActiveAlarms active = new ActiveAlarms(alarms);
            active.bind(metrics);
            active.take(
                    "web-1/process_limit",
                    record(alarm("web-1", "web", "process_limit", Severity.MAJOR, AlarmState.RAISED)));
            CollectionTimes times = new CollectionTimes();
            PublisherMeters.bindCollectionTimes(metrics, times);
            times.record("a@host", 1_000L);
            AlertsMeters.bind(metrics, forwarderWithReceiverDown(), AlarmForwarding::statsOf);
            String scrape = metrics.scrape();
            Matcher m = TYPE.matcher(scrape);
            int numbat = 0;
            while (m.find()) {
                String name = m.group(1);
                String type = m.group(2);
                if (name.startsWith("numbat_")) {
                    numbat++;
                    if (type.equals("counter")) {
                        assertThat(name).as("a counter's name").endsWith("_total");
                    }
                    assertThat(name).as("snake case").matches("numbat_[a-z0-9_]+");
                    assertThat(name)
                            .as("base units: seconds and bytes")
                            .doesNotContain("_ms", "millis", "_kb", "_mb", "_minutes");
                }
            }
            assertThat(numbat).isGreaterThanOrEqualTo(3);
            assertThat(scrape).as("JVM series beside the component's").contains("jvm_memory_used_bytes");
        }
    }
}
