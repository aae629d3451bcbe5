package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangAgent;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.agent.publish.SpoolSettings;
import io.numbat.platform.cli.Numbat;
import io.numbat.processor.ProcessorSettings;
import io.numbat.processor.StreamProcessorApp;
import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14's bottleneck loop with real parts: a real {@code erl} node watched by the Erlang agent (1 s ticks),
 * its batches with their top processes through the real broker and registry, the stream processor's bottleneck
 * rules (their defaults: 3 ticks, 100 messages), the alarm on {@code numbat.alarms}; and {@code numbat top} reading
 * the same batches.
 */
class BottleneckIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final String COOKIE = "it-bottleneck-cookie-41c9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private static final List<AutoCloseable> CLOSEABLES = new ArrayList<>();
    private static LocalErlangNode node;
    private static boolean erlang;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        erlang = why.isEmpty();
        if (!erlang) {
            return;
        }
        ClusterConnection cluster = PLATFORM.platform().connection();
        Path dir = Files.createTempDirectory(PLATFORM.dataDir(), "bottleneck-it-");
        StreamProcessorApp processor = add(
                new StreamProcessorApp(cluster, PLATFORM.registry(), ProcessorSettings.defaults(dir.resolve("streams")))
                        .start());
        assertThat(processor.awaitRunning(PATIENCE)).as("the processor runs").isTrue();
        node = add(LocalErlangNode.start("bottleneck_it", COOKIE));
        node.spawnIdle(2_000);
        node.mailbox("numbat_it_backlog", 500); // a long mailbox that does not grow: no bottleneck
        MetricPublisher metrics = add(new MetricPublisher(
                cluster,
                PLATFORM.registry(),
                "agent@bottleneck-it",
                SpoolSettings.defaults(dir.resolve("spool")),
                Duration.ofSeconds(5),
                Clock.systemUTC()));
        add(new ErlangAgent(
                List.of(node.name()),
                "beam-it",
                Cookie.fromFile(node.writeCookie(dir)),
                ErlangSettings.defaults(Duration.ofSeconds(1)),
                metrics,
                e -> {}));
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = CLOSEABLES.size() - 1; i >= 0; i--) {
            CLOSEABLES.get(i).close();
        }
    }

    private static <T extends AutoCloseable> T add(T c) {
        CLOSEABLES.add(c);
        return c;
    }

    private static void assumeErlang() {
        assumeTrue(
                erlang, () -> "skipped: " + LocalErlangNode.unavailableReason().orElse(""));
    }

    private static TopicReader<String, Alarm> alarms() {
        return new TopicReader<>(
                PLATFORM.bootstrap(),
                Topics.ALARMS.name(),
                Topics.ALARMS.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        Topics.ALARMS.valueSerde(PLATFORM.registry()).deserializer()));
    }

    private static List<Alarm> withId(List<ConsumerRecord<String, Alarm>> records, String id) {
        return records.stream()
                .map(ConsumerRecord::value)
                .filter(a -> a.getId().equals(id))
                .toList();
    }

    /** {@code numbat ARGS --bootstrap-servers ... --schema-registry ...} in this JVM: exit code, out and err. */
    private record Run(int code, String out, String err) {}

    private static Run numbat(String... args) {
        ClusterConnection c = PLATFORM.platform().connection();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", c.bootstrapServers(), "--schema-registry", c.schemaRegistryUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Numbat.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code numbat top ARGS}, retried until {@code done} holds for its output (the agent publishes every tick). */
    private static Run topUntil(java.util.function.Predicate<Run> done, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Run r = numbat(args);
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            r = numbat(args);
        }
        return r;
    }

    @Test
    void aProcessFloodingItsOwnMailboxRaisesABottleneckAlarmThatNamesItAndClearsOnceItDrains() throws Exception {
        assumeErlang();
        String flooder = new String(
                ((OtpErlangBinary) node.call(
                                "numbat_load",
                                "flood_until_stopped",
                                new OtpErlangAtom("numbat_it_flooder"),
                                new OtpErlangLong(5)))
                        .binaryValue(),
                StandardCharsets.UTF_8);
        String id = AlarmTypes.id(node.name(), AlarmTypes.BOTTLENECK, MetricId.MAX_MESSAGE_QUEUE.id());

        try (TopicReader<String, Alarm> reader = alarms()) {
            List<Alarm> raised =
                    withId(reader.readUntil(seen -> !withId(seen, id).isEmpty(), PATIENCE), id);
            assertThat(raised)
                    .as("a bottleneck alarm %s within %s", id, PATIENCE)
                    .isNotEmpty();
            Alarm alarm = raised.get(0);
            assertThat(alarm.getState()).isEqualTo(AlarmState.RAISED);
            assertThat(alarm.getType()).isEqualTo(AlarmTypes.BOTTLENECK);
            assertThat(alarm.getNode()).isEqualTo(node.name());
            assertThat(alarm.getCause()).contains("numbat_it_flooder", flooder, "grew at each of the last 3 ticks");
            assertThat(alarm.getCulprit().getPid()).isEqualTo(flooder);
            assertThat(alarm.getCulprit().getProcess()).isEqualTo("numbat_it_flooder");
            assertThat(alarm.getCulprit().getLength()).isGreaterThanOrEqualTo(100);
            assertThat(alarm.getValue()).isGreaterThanOrEqualTo(100);

            // numbat top sees the same culprit first by queue
            Run top = topUntil(
                    r -> r.code() == 0 && firstPid(r).equals(flooder),
                    "top",
                    "--node",
                    node.name(),
                    "--by",
                    "queue",
                    "--json");
            assertThat(top.code()).as(top.err()).isZero();
            assertThat(firstPid(top)).isEqualTo(flooder);

            node.call("numbat_load", "stop_flood", new OtpErlangAtom("numbat_it_flooder"));
            List<Alarm> cleared = withId(
                    reader.readUntil(
                            seen -> withId(seen, id).stream().anyMatch(a -> a.getState() == AlarmState.CLEARED),
                            PATIENCE),
                    id);
            assertThat(cleared)
                    .as("cleared once the flooding stopped")
                    .extracting(Alarm::getState)
                    .contains(AlarmState.CLEARED);
            Alarm clear = cleared.stream()
                    .filter(a -> a.getState() == AlarmState.CLEARED)
                    .findFirst()
                    .orElseThrow();
            assertThat(clear.getCulprit().getPid()).isEqualTo(flooder);
            assertThat(clear.getCause()).contains("numbat_it_flooder", "stopped growing");

            // more ticks with the mailbox drained (checked over rpc): nothing more for this alarm
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (queueLength("numbat_it_flooder") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(queueLength("numbat_it_flooder")).as("drained").isZero();
            Thread.sleep(8_000);
            List<ConsumerRecord<String, Alarm>> all = reader.readToEnd(Duration.ofSeconds(60));
            assertThat(withId(all, id))
                    .extracting(Alarm::getState)
                    .as("raised once and cleared once")
                    .containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
            assertThat(all.stream()
                            .map(ConsumerRecord::value)
                            .filter(a -> node.name().equals(a.getNode())
                                    && AlarmTypes.BOTTLENECK.equals(a.getType())
                                    && a.getState() == AlarmState.RAISED))
                    .as("no bottleneck alarm on this node blames another process")
                    .allSatisfy(a -> assertThat(a.getCulprit().getPid()).isEqualTo(flooder));
        }
    }

    private static long queueLength(String registered) throws Exception {
        var info = node.call(
                "erlang",
                "process_info",
                node.call("erlang", "whereis", new OtpErlangAtom(registered)),
                new OtpErlangAtom("message_queue_len"));
        return ((OtpErlangLong) ((com.ericsson.otp.erlang.OtpErlangTuple) info).elementAt(1)).longValue();
    }

    private static String firstPid(Run top) {
        try {
            JsonNode processes = JSON.readTree(top.out()).get("processes");
            return processes != null && processes.size() > 0
                    ? processes.get(0).get("pid").asText()
                    : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void numbatTopPrintsARealNodesTopProcessesFromTheBrokerAndItsJsonParses() throws Exception {
        assumeErlang();
        // a table by queue: the 500-message backlog is there (the flood test's flooder may be longer)
        Run table = topUntil(
                r -> r.code() == 0 && r.out().contains("numbat_it_backlog"),
                "top",
                "--node",
                node.name(),
                "--by",
                "queue");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("node " + node.name() + " (family beam-it)", "by queue", "PID", "QUEUE", "numbat_it_backlog");

        Run byMemory = numbat("top", "--node", node.name(), "--by", "memory", "--json", "--limit", "5");
        assertThat(byMemory.code()).as(byMemory.err()).isZero();
        JsonNode json = JSON.readTree(byMemory.out());
        assertThat(json.get("node").asText()).isEqualTo(node.name());
        assertThat(json.get("family").asText()).isEqualTo("beam-it");
        assertThat(json.get("by").asText()).isEqualTo("memory");
        JsonNode rows = json.get("processes");
        assertThat(rows.size()).isBetween(1, 5);
        long previous = Long.MAX_VALUE;
        for (JsonNode row : rows) {
            assertThat(row.get("pid").asText()).matches("<\\d+\\.\\d+\\.\\d+>");
            assertThat(row.get("process").asText()).isNotEmpty();
            assertThat(row.get("memory").asLong()).isPositive().isLessThanOrEqualTo(previous);
            previous = row.get("memory").asLong();
        }

        Run family = numbat("top", "--family", "beam-it", "--by", "queue", "--json");
        assertThat(family.code()).as(family.err()).isZero();
        JsonNode f = JSON.readTree(family.out());
        assertThat(f.get("family").asText()).isEqualTo("beam-it");
        assertThat(f.get("nodes").asInt()).isEqualTo(1);
        assertThat(f.get("types").findValuesAsText("process")).contains("numbat_it_backlog");

        Run nobody = numbat("top", "--node", "nobody-" + UUID.randomUUID() + "@nowhere", "--lookback", "10s");
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).contains("no batch from node nobody-");
    }
}
