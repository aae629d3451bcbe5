package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numbat.agent.erlang.Cookie;
import io.numbat.agent.erlang.ErlangAgent;
import io.numbat.agent.erlang.ErlangSettings;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.agent.manage.CommandService;
import io.numbat.platform.cli.Numbat;
import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.manage.ActionSignature;
import io.numbat.schemas.topic.ClusterConnection;
import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's Manage loop on a real {@code erl} node, through the real broker and registry and the real command
 * line: inspect a process, kill it (checked over rpc on the node), the audit record and its results on the topics,
 * a redelivered action not carried out twice, an action without the token refused, and bad input answered.
 */
class ManageIT {
    @RegisterExtension
    static final PlatformExtension PLATFORM = new PlatformExtension();

    private static final String COOKIE = "it-manage-cookie-77a1";
    private static final byte[] TOKEN = "it-operator-token-31f".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @TempDir
    Path dir;

    private LocalErlangNode node;
    private Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        node = add(LocalErlangNode.start("manage_it", COOKIE));
        tokenFile = dir.resolve("operator.token");
        Files.writeString(tokenFile, new String(TOKEN, StandardCharsets.UTF_8) + "\n");
        ErlangAgent agent = add(new ErlangAgent(
                List.of(node.name()),
                "beam",
                Cookie.fromFile(node.writeCookie(dir)),
                ErlangSettings.defaults(Duration.ofSeconds(1)),
                b -> {},
                e -> {}));
        commandService(agent, "numbat-agent-commands-it-" + UUID.randomUUID());
    }

    private CommandService commandService(ErlangAgent agent, String group) throws InterruptedException {
        CommandService s = add(new CommandService(
                        connection(), PLATFORM.registry(), "agent@it", group, agent.managedNodes(), Optional.of(TOKEN))
                .start());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!s.ready() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(s.ready())
                .as("the command service read the ledger and subscribed")
                .isTrue();
        Thread.sleep(3_000); // its group's first assignment: commands written before it would be skipped ("latest")
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T add(T c) {
        closeables.add(c);
        return c;
    }

    private static ClusterConnection connection() {
        return PLATFORM.platform().connection();
    }

    /** {@code numbat ARGS --bootstrap-servers ... --schema-registry ...} in this JVM: exit code, out and err. */
    private record Run(int code, String out, String err) {}

    private static Run numbat(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers",
                connection().bootstrapServers(),
                "--schema-registry",
                connection().schemaRegistryUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Numbat.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private String spinner(String name) throws Exception {
        OtpErlangObject pid = node.call("numbat_load", "busy_loop", new OtpErlangAtom(name));
        return new String(((OtpErlangBinary) pid).binaryValue(), StandardCharsets.UTF_8);
    }

    private boolean alive(String registered) throws Exception {
        return !new OtpErlangAtom("undefined").equals(node.call("erlang", "whereis", new OtpErlangAtom(registered)));
    }

    private static <V extends SpecificRecord> TopicReader<String, V> reader(Topic<String, V> topic) {
        return new TopicReader<>(
                connection().bootstrapServers(),
                topic.name(),
                topic.keySerde().deserializer(),
                TopicReader.skippingUnreadable(
                        topic.valueSerde(PLATFORM.registry()).deserializer()));
    }

    private static List<ActionResult> resultsOf(String requestId, int atLeast) {
        try (TopicReader<String, ActionResult> r = reader(Topics.ACTION_RESULTS)) {
            return r
                    .readUntil(
                            seen -> seen.stream()
                                            .filter(x -> requestId.equals(x.key()))
                                            .count()
                                    >= atLeast,
                            Duration.ofSeconds(60))
                    .stream()
                    .filter(x -> requestId.equals(x.key()) && x.value() != null)
                    .map(ConsumerRecord::value)
                    .toList();
        }
    }

    private static void write(Topic<String, OperatorAction> topic, String key, OperatorAction a) {
        try (KafkaProducer<String, OperatorAction> p = new KafkaProducer<>(
                connection().producerConfig("it"),
                new StringSerializer(),
                topic.valueSerde(PLATFORM.registry()).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), key, a));
        }
    }

    private OperatorAction.Builder kill(String pid) {
        return OperatorAction.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setWho("it")
                .setTimestamp(Instant.now())
                .setNode(node.name())
                .setPid(pid)
                .setAction(ActionKind.KILL)
                .setReason("it")
                .setDryRun(false)
                .setDeadline(Instant.now().plusSeconds(120));
    }

    @Test
    void inspectShowsAProcessAndActionKillEndsItAudited() throws Exception {
        String pid = spinner("numbat_it_runaway");

        Run info = numbat("inspect", "--node", node.name(), "--pid", pid, "--json", "--timeout", "60s");
        assertThat(info.code()).as(info.err()).isZero();
        JsonNode answer = JSON.readTree(info.out());
        assertThat(answer.get("ok").asBoolean()).isTrue();
        assertThat(answer.get("agent").asText()).isEqualTo("agent@it");
        JsonNode p = answer.get("process");
        assertThat(p.get("pid").asText()).isEqualTo(pid);
        assertThat(p.get("registeredName").asText()).isEqualTo("numbat_it_runaway");
        assertThat(p.get("currentFunction").asText()).startsWith("numbat_load:spin/");
        assertThat(p.get("status").asText()).isIn("running", "runnable");
        assertThat(p.get("memory").asLong()).isPositive();
        assertThat(p.get("reductions").asLong()).isPositive();

        Run top = numbat("inspect", "--node", node.name(), "--top", "5", "--by", "reductions", "--timeout", "60s");
        assertThat(top.code()).as(top.err()).isZero();
        assertThat(top.out()).contains("top", "by reductions", "PID");

        Run dry = numbat(
                "action",
                "kill",
                "--node",
                node.name(),
                "--pid",
                pid,
                "--reason",
                "looping",
                "--dry-run",
                "--token-file",
                tokenFile.toString(),
                "--timeout",
                "60s");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("WOULD_DO", "would kill " + pid);
        assertThat(alive("numbat_it_runaway")).isTrue();

        Run kill = numbat(
                "action",
                "kill",
                "--node",
                node.name(),
                "--pid",
                pid,
                "--reason",
                "looping report",
                "--json",
                "--user",
                "alice",
                "--token-file",
                tokenFile.toString(),
                "--timeout",
                "60s");
        assertThat(kill.code()).as(kill.err() + kill.out()).isZero();
        JsonNode done = JSON.readTree(kill.out());
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(alive("numbat_it_runaway"))
                .as("the process is gone from the node (rpc)")
                .isFalse();

        String requestId = done.get("requestId").asText();
        try (TopicReader<String, OperatorAction> audit = reader(Topics.ACTIONS)) {
            OperatorAction recorded = audit
                    .readUntil(
                            seen -> seen.stream()
                                    .anyMatch(r -> r.value() != null
                                            && r.value().getRequestId().equals(requestId)),
                            Duration.ofSeconds(60))
                    .stream()
                    .map(ConsumerRecord::value)
                    .filter(v -> v != null && v.getRequestId().equals(requestId))
                    .findFirst()
                    .orElseThrow();
            assertThat(recorded.getWho()).isEqualTo("alice");
            assertThat(recorded.getNode()).isEqualTo(node.name());
            assertThat(recorded.getPid()).isEqualTo(pid);
            assertThat(recorded.getReason()).isEqualTo("looping report");
            assertThat(recorded.getSignature()).hasSize(64).doesNotContain(new String(TOKEN, StandardCharsets.UTF_8));
        }
        assertThat(resultsOf(requestId, 2))
                .extracting(ActionResult::getStatus)
                .containsExactly(ActionStatus.EXECUTING, ActionStatus.DONE);
    }

    @Test
    void aRedeliveredActionIsNotCarriedOutTwice() throws Exception {
        // the same signed kill delivered twice: the second is answered, not carried out
        String first = spinner("numbat_it_first");
        OperatorAction once = ActionSignature.signed(kill(first).build(), TOKEN);
        write(Topics.ACTIONS, node.name(), once);
        assertThat(resultsOf(once.getRequestId(), 2))
                .extracting(ActionResult::getStatus)
                .contains(ActionStatus.DONE);
        String second = spinner("numbat_it_first"); // a new process under the same name
        write(Topics.ACTIONS, node.name(), once);
        List<ActionResult> results = resultsOf(once.getRequestId(), 3);
        assertThat(results.get(results.size() - 1).getDuplicate()).isTrue();
        assertThat(results.get(results.size() - 1).getStatus()).isEqualTo(ActionStatus.DONE);
        assertThat(results)
                .filteredOn(r -> r.getStatus() == ActionStatus.EXECUTING)
                .hasSize(1);
        assertThat(alive("numbat_it_first")).isTrue();
        assertThat(second).isNotEqualTo(first);

        // an agent that stopped after writing EXECUTING: the restarted agent (a new group, the ledger read from
        // the compacted results) answers the redelivery INTERRUPTED and leaves the process alone
        String victim = spinner("numbat_it_interrupted");
        OperatorAction started = ActionSignature.signed(kill(victim).build(), TOKEN);
        try (KafkaProducer<String, ActionResult> p = new KafkaProducer<>(
                connection().producerConfig("it"),
                new StringSerializer(),
                Topics.ACTION_RESULTS.valueSerde(PLATFORM.registry()).serializer())) {
            p.send(new ProducerRecord<>(
                            Topics.ACTION_RESULTS.name(),
                            started.getRequestId(),
                            ActionResult.newBuilder()
                                    .setRequestId(started.getRequestId())
                                    .setNode(node.name())
                                    .setPid(victim)
                                    .setAction("kill")
                                    .setWho("it")
                                    .setReason("it")
                                    .setStatus(ActionStatus.EXECUTING)
                                    .setMessage("carrying out kill " + victim)
                                    .setAgent("agent@before-the-crash")
                                    .setRequestedAt(started.getTimestamp())
                                    .setTimestamp(Instant.now())
                                    .build()))
                    .get();
        }
        ErlangAgent again = add(new ErlangAgent(
                List.of(node.name()),
                "beam",
                Cookie.fromFile(node.writeCookie(dir)),
                ErlangSettings.defaults(Duration.ofSeconds(1)),
                b -> {},
                e -> {}));
        closeables.get(closeables.size() - 2).close(); // the first agent's command service stops answering
        commandService(again, "numbat-agent-commands-it-restarted-" + UUID.randomUUID());
        write(Topics.ACTIONS, node.name(), started);
        List<ActionResult> answered = resultsOf(started.getRequestId(), 2);
        assertThat(answered.get(answered.size() - 1).getStatus()).isEqualTo(ActionStatus.INTERRUPTED);
        assertThat(answered.get(answered.size() - 1).getMessage()).contains("not carried out again");
        assertThat(alive("numbat_it_interrupted")).isTrue();
    }

    @Test
    void anActionWithoutTheTokenIsRefused() throws Exception {
        spinner("numbat_it_protected");
        String pid = new String(
                ((OtpErlangBinary) node.call(
                                "erlang",
                                "list_to_binary",
                                node.call(
                                        "erlang",
                                        "pid_to_list",
                                        node.call("erlang", "whereis", new OtpErlangAtom("numbat_it_protected")))))
                        .binaryValue(),
                StandardCharsets.UTF_8);
        Path wrong = dir.resolve("wrong.token");
        Files.writeString(wrong, "not-the-operator-token\n");
        Run refused = numbat(
                "action",
                "kill",
                "--node",
                node.name(),
                "--pid",
                pid,
                "--reason",
                "x",
                "--token-file",
                wrong.toString(),
                "--timeout",
                "60s");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("REFUSED", "bad signature");

        OperatorAction unsigned = kill(pid).build();
        write(Topics.ACTIONS, node.name(), unsigned);
        assertThat(resultsOf(unsigned.getRequestId(), 1)).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ActionStatus.REFUSED);
            assertThat(r.getMessage()).contains("not signed");
        });
        assertThat(alive("numbat_it_protected")).isTrue();

        Run noToken = numbat("action", "kill", "--node", node.name(), "--pid", pid, "--reason", "x");
        assertThat(noToken.code()).isEqualTo(1);
        assertThat(noToken.err()).contains("needs the operator token");
    }

    @Test
    void badInputGetsAClearAnswer() throws Exception {
        Run unknownPid = numbat("inspect", "--node", node.name(), "--pid", "<0.32000.0>", "--timeout", "60s");
        assertThat(unknownPid.code()).isEqualTo(1);
        assertThat(unknownPid.err()).contains("no process <0.32000.0> on " + node.name());

        Run badPid = numbat("inspect", "--node", node.name(), "--pid", "self()");
        assertThat(badPid.code()).isEqualTo(1);
        assertThat(badPid.err()).contains("'self()' is not a pid");

        Run killInit = numbat(
                "action",
                "kill",
                "--node",
                node.name(),
                "--pid",
                "<0.0.0>",
                "--reason",
                "x",
                "--token-file",
                tokenFile.toString(),
                "--timeout",
                "60s");
        assertThat(killInit.code()).isEqualTo(1);
        assertThat(killInit.out()).contains("FAILED", "init is a system process");

        Run nobody = numbat(
                "action",
                "gc",
                "--node",
                "nobody@nowhere",
                "--reason",
                "x",
                "--token-file",
                tokenFile.toString(),
                "--timeout",
                "3s");
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).contains("no agent answered", "nobody@nowhere");

        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                        connection().producerConfig("it"), new StringSerializer(), new ByteArraySerializer());
                TopicReader<String, DeadLetter> letters = reader(Topics.DEAD_LETTERS)) {
            p.send(new ProducerRecord<>(
                            Topics.NODE_QUERIES.name(), node.name(), "not a query".getBytes(StandardCharsets.UTF_8)))
                    .get();
            assertThat(letters.readUntil(
                            seen -> seen.stream()
                                    .anyMatch(r -> r.value() != null
                                            && r.value().getSourceTopic().equals(Topics.NODE_QUERIES.name())),
                            Duration.ofSeconds(60)))
                    .extracting(ConsumerRecord::value)
                    .anySatisfy(d -> {
                        assertThat(d.getComponent()).isEqualTo("agent");
                        assertThat(d.getSourceTopic()).isEqualTo(Topics.NODE_QUERIES.name());
                    });
        }
    }
}
