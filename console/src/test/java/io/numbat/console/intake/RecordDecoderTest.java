package io.numbat.console.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.Fixtures;
import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.AnomalyScores;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.ExhaustionForecast;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.MetricSummary;
import io.numbat.schemas.MetricTrend;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.Severity;
import io.numbat.schemas.TrendWindow;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.registry.SchemaRegistryClient;
import io.numbat.schemas.registry.SchemaRegistryUnavailableException;
import io.numbat.schemas.topic.Topics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final RecordDecoder decoder = new RecordDecoder(registry);
    private final List<String> seen = new ArrayList<>();
    private final Recording sink = new Recording(seen);
    private final List<String> deadLetters = new ArrayList<>();
    private final RecordDecoder dlqDecoder = new RecordDecoder(
            registry,
            (r, e) -> deadLetters.add(r.topic() + "@" + r.offset() + " " + e.getMessage()),
            () -> true,
            Duration.ofMillis(1));

    private ConsumerRecord<String, byte[]> record(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 7, key, value);
    }

    @Test
    void decodesEachTopicWithItsSerde() {
        Alarm alarm = Fixtures.raised("a@sim", "web", "memory", Severity.MINOR, 1_000);
        decoder.handle(
                record(
                        Topics.METRICS.name(),
                        "a@sim",
                        Topics.METRICS
                                .valueSerde(registry)
                                .serializer()
                                .serialize(Topics.METRICS.name(), Fixtures.batch("a@sim", "web", 1_000, 0.5, 10))),
                sink);
        decoder.handle(
                record(
                        Topics.ALARMS.name(),
                        alarm.getId(),
                        Topics.ALARMS.valueSerde(registry).serializer().serialize(Topics.ALARMS.name(), alarm)),
                sink);
        decoder.handle(
                record(
                        Topics.ALARM_ACKS.name(),
                        alarm.getId(),
                        Topics.ALARM_ACKS
                                .valueSerde(registry)
                                .serializer()
                                .serialize(Topics.ALARM_ACKS.name(), Fixtures.ack(alarm, true, 2_000))),
                sink);
        decoder.handle(
                record(
                        Topics.ANOMALY_SCORES.name(),
                        "a@sim",
                        Topics.ANOMALY_SCORES
                                .valueSerde(registry)
                                .serializer()
                                .serialize(
                                        Topics.ANOMALY_SCORES.name(),
                                        Fixtures.anomalyScores("a@sim", "web", 60_000, 0.4, 0.95))),
                sink);
        assertThat(seen)
                .containsExactly(
                        "metrics a@sim", "alarm a@sim/memory", "ack a@sim/memory", "anomaly-scores a@sim 0.95");
    }

    @Test
    void skipsUnreadableRecordsAndPassesTombstonesOn() {
        decoder.handle(record(Topics.ALARMS.name(), "x", new byte[] {0, 0, 0, 0, 99, 1, 2}), sink);
        decoder.handle(record(Topics.DEPLOYMENTS.name(), "a@sim", null), sink);
        decoder.handle(record(Topics.FORECASTS.name(), "a@sim/10", new byte[] {42}), sink);
        assertThat(seen)
                .containsExactly(
                        "skipped numbat.alarms", "removed numbat.deployments a@sim", "skipped numbat.forecasts");
    }

    @Test
    void deadLettersOnceWhatNoOtherComponentReadsAndKeepsReadingGoodRecords() {
        int processes = MetricId.PROCESS_COUNT.id();
        List<String> ownTopics = List.of(
                Topics.ALARMS.name(),
                Topics.ALARM_ACKS.name(),
                Topics.FORECASTS.name(),
                Topics.NODE_EVENTS.name(),
                Topics.TREND_WINDOWS.name(),
                Topics.ANOMALY_SCORES.name(),
                Topics.ACTION_RESULTS.name(),
                Topics.NODE_QUERY_RESULTS.name(),
                Topics.REMEDIATIONS.name());
        for (String topic : ownTopics) {
            dlqDecoder.handle(record(topic, "a@sim/" + processes, "not avro".getBytes()), sink);
        }
        Alarm alarm = Fixtures.raised("a@sim", "web", "memory", Severity.MINOR, 1_000);
        dlqDecoder.handle(
                record(
                        Topics.ALARMS.name(),
                        alarm.getId(),
                        Topics.ALARMS.valueSerde(registry).serializer().serialize(Topics.ALARMS.name(), alarm)),
                sink);

        assertThat(deadLetters).hasSize(ownTopics.size());
        for (String topic : ownTopics) {
            assertThat(deadLetters)
                    .filteredOn(d -> d.startsWith(topic + "@7 "))
                    .singleElement()
                    .satisfies(d -> assertThat(d).contains("cannot deserialize"));
            assertThat(seen).containsSubsequence("dead-lettered " + topic, "skipped " + topic);
        }
        assertThat(sink.reasons)
                .allSatisfy(r -> assertThat(r)
                        .endsWith("; dead-lettered to numbat.dead-letters")
                        .doesNotContain("stream processor"));
        assertThat(seen).last().isEqualTo("alarm a@sim/memory");
    }

    @Test
    void decodesTheAuditTrailAndTheAgentsAnswers() {
        OperatorAction action = OperatorAction.newBuilder()
                .setRequestId("r-1")
                .setWho("ann")
                .setTimestamp(Instant.ofEpochMilli(1_000))
                .setNode("a@sim")
                .setPid("<0.1.0>")
                .setAction(ActionKind.KILL)
                .setReason("runaway")
                .setDeadline(Instant.ofEpochMilli(31_000))
                .build();
        decoder.handle(
                record(
                        Topics.ACTIONS.name(),
                        "a@sim",
                        Topics.ACTIONS.valueSerde(registry).serializer().serialize(Topics.ACTIONS.name(), action)),
                sink);
        decoder.handle(
                record(
                        Topics.ACTION_RESULTS.name(),
                        "r-1",
                        Topics.ACTION_RESULTS
                                .valueSerde(registry)
                                .serializer()
                                .serialize(
                                        Topics.ACTION_RESULTS.name(),
                                        Fixtures.result(action, ActionStatus.DONE, "killed"))),
                sink);
        decoder.handle(
                record(
                        Topics.NODE_QUERY_RESULTS.name(),
                        "q-1",
                        Topics.NODE_QUERY_RESULTS
                                .valueSerde(registry)
                                .serializer()
                                .serialize(
                                        Topics.NODE_QUERY_RESULTS.name(),
                                        Fixtures.processInfo("q-1", "a@sim", "<0.1.0>"))),
                sink);
        assertThat(seen).containsExactly("action r-1", "action-result r-1 DONE", "query-result q-1");
    }

    @Test
    void decodesRemediationsAndTheirTombstones() {
        Remediation r = Fixtures.remediation(
                "a@sim", "web", RemediationState.PROPOSED, RemediationMode.APPROVE, 1_000, "waiting");
        decoder.handle(
                record(
                        Topics.REMEDIATIONS.name(),
                        r.getId(),
                        Topics.REMEDIATIONS.valueSerde(registry).serializer().serialize(Topics.REMEDIATIONS.name(), r)),
                sink);
        decoder.handle(record(Topics.REMEDIATIONS.name(), r.getId(), null), sink);
        assertThat(seen)
                .containsExactly("remediation " + r.getId() + " PROPOSED", "removed numbat.remediations " + r.getId());
    }

    @Test
    void leavesMalformedActionsToTheAgentWatchingTheNode() {
        dlqDecoder.handle(record(Topics.ACTIONS.name(), "a@sim", "not avro".getBytes()), sink);
        assertThat(deadLetters).isEmpty();
        assertThat(sink.reasons.get(0))
                .contains("left to the agent watching the node, which also reads numbat.actions");
    }

    @Test
    void leavesMetricsAndDeploymentsToTheirOtherReadersAndSaysSo() {
        dlqDecoder.handle(record(Topics.METRICS.name(), "a@sim", "not avro".getBytes()), sink);
        dlqDecoder.handle(record(Topics.DEPLOYMENTS.name(), "a@sim", "not avro".getBytes()), sink);
        assertThat(deadLetters).isEmpty();
        assertThat(seen).containsExactly("skipped numbat.metrics", "skipped numbat.deployments");
        assertThat(sink.reasons.get(0)).contains("left to the stream processor, which also reads numbat.metrics");
        assertThat(sink.reasons.get(1)).contains("left to the deployer, which also reads numbat.deployments");
    }

    @Test
    void saysSoWhenTheDeadLetterCouldNotBeSent() {
        RecordDecoder failing = new RecordDecoder(
                registry,
                (r, e) -> {
                    throw new TimeoutException("broker away");
                },
                () -> true,
                Duration.ofMillis(1));
        failing.handle(record(Topics.ALARMS.name(), "x", "not avro".getBytes()), sink);
        assertThat(seen).containsExactly("skipped numbat.alarms");
        assertThat(sink.reasons.get(0)).contains("NOT dead-lettered").contains("broker away");
    }

    @Test
    void retriesWhileTheRegistryIsUnreachableInsteadOfDeadLettering() {
        Alarm alarm = Fixtures.raised("a@sim", "web", "memory", Severity.MINOR, 1_000);
        byte[] bytes = Topics.ALARMS.valueSerde(registry).serializer().serialize(Topics.ALARMS.name(), alarm);
        AtomicInteger outages = new AtomicInteger(3);
        SchemaRegistryClient flaky = (SchemaRegistryClient) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getById") && outages.getAndDecrement() > 0) {
                        throw new SchemaRegistryUnavailableException("http://registry", new ConnectException());
                    }
                    try {
                        return method.invoke(registry, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        new RecordDecoder(flaky, (r, e) -> deadLetters.add(r.topic()), () -> true, Duration.ofMillis(1))
                .handle(record(Topics.ALARMS.name(), alarm.getId(), bytes), sink);
        assertThat(deadLetters).isEmpty();
        assertThat(seen).containsExactly("alarm a@sim/memory");

        outages.set(Integer.MAX_VALUE);
        new RecordDecoder(flaky, (r, e) -> deadLetters.add(r.topic()), () -> false, Duration.ofMillis(1))
                .handle(record(Topics.ALARMS.name(), alarm.getId(), bytes), sink);
        assertThat(deadLetters)
                .as("a console stopping does not dead-letter a readable record")
                .isEmpty();
        assertThat(sink.reasons).singleElement().satisfies(r -> assertThat(r).contains("not dead-lettered"));
    }

    private static MetricTrend trend(String node, int metric) {
        return MetricTrend.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setMetric(metric)
                .setWindowStart(Instant.ofEpochMilli(0))
                .setWindowEnd(Instant.ofEpochMilli(60_000))
                .setCount(6)
                .setMean(1)
                .setMin(1)
                .setMax(1)
                .setLast(1)
                .setRate(null)
                .setSlope(0)
                .build();
    }

    @Test
    void keepsTheKeyMetricsOfATrendWindowAndSkipsAnUnreadableOne() {
        var serializer = Topics.TREND_WINDOWS.valueSerde(registry).serializer();
        int processes = MetricId.PROCESS_COUNT.id();
        int reductions = MetricId.REDUCTIONS.id();
        decoder.handle(
                record(
                        Topics.TREND_WINDOWS.name(),
                        "a@sim",
                        serializer.serialize(Topics.TREND_WINDOWS.name(), trendWindow("a@sim", processes, reductions))),
                sink);
        decoder.handle(record(Topics.TREND_WINDOWS.name(), "a@sim", new byte[] {1, 2, 3}), sink);
        assertThat(seen).containsExactly("trend a@sim", "skipped numbat.trend-windows");
    }

    /** A window with summaries of {@code metrics}; the console keeps process_count, not reductions. */
    private static TrendWindow trendWindow(String node, int... metrics) {
        List<MetricSummary> summaries = new ArrayList<>();
        for (int m : metrics) {
            summaries.add(MetricSummary.newBuilder()
                    .setMetric(m)
                    .setCount(6)
                    .setMean(1)
                    .setMin(1)
                    .setMax(1)
                    .setLast(1)
                    .setRate(null)
                    .setSlope(0)
                    .build());
        }
        return TrendWindow.newBuilder()
                .setNode(node)
                .setFamily("web")
                .setWindowStart(Instant.ofEpochMilli(0))
                .setWindowEnd(Instant.ofEpochMilli(60_000))
                .setMetrics(summaries)
                .build();
    }

    /** Writes down what it is handed, one line per record. */
    static class Recording implements RecordSink {
        private final List<String> seen;
        final List<String> reasons = new ArrayList<>();

        Recording(List<String> seen) {
            this.seen = seen;
        }

        @Override
        public void metrics(MetricBatch b) {
            seen.add("metrics " + b.getNode());
        }

        @Override
        public void alarm(Alarm a) {
            seen.add("alarm " + a.getId());
        }

        @Override
        public void ack(AlarmAck a) {
            seen.add("ack " + a.getAlarmId());
        }

        @Override
        public void forecast(ExhaustionForecast f) {
            seen.add("forecast " + f.getNode());
        }

        @Override
        public void trend(MetricTrend t) {
            seen.add("trend " + t.getNode());
        }

        @Override
        public void anomalyScores(AnomalyScores a) {
            seen.add("anomaly-scores " + a.getNode() + " " + a.getAlarmThreshold());
        }

        @Override
        public void deployment(DeploymentEvent e) {
            seen.add("deployment " + e.getNode());
        }

        @Override
        public void nodeEvent(NodeEvent e) {
            seen.add("node-event " + e.getNode());
        }

        @Override
        public void action(OperatorAction a) {
            seen.add("action " + a.getRequestId());
        }

        @Override
        public void actionResult(ActionResult r) {
            seen.add("action-result " + r.getRequestId() + " " + r.getStatus());
        }

        @Override
        public void queryResult(NodeQueryResult r) {
            seen.add("query-result " + r.getRequestId());
        }

        @Override
        public void remediation(Remediation r) {
            seen.add("remediation " + r.getId() + " " + r.getState());
        }

        @Override
        public void removed(String topic, String key) {
            seen.add("removed " + topic + " " + key);
        }

        @Override
        public void skipped(String topic, String reason) {
            seen.add("skipped " + topic);
            reasons.add(reason);
        }

        @Override
        public void deadLettered(String topic) {
            seen.add("dead-lettered " + topic);
        }
    }
}
