package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Sample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Erlang collector against real {@code erl} nodes started (and killed) by each test. */
class ErlangCollectorIT {
    private static final String COOKIE = "it-secret-cookie-7f3a";
    private final List<LocalErlangNode> nodes = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    /** Each test, not the class: a class-level assumption would be reported as no tests rather than skipped ones. */
    @BeforeEach
    void erlangInstalled() {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        for (LocalErlangNode n : nodes) {
            n.close();
        }
    }

    private LocalErlangNode node(String prefix) throws Exception {
        LocalErlangNode n = LocalErlangNode.start(prefix, COOKIE);
        nodes.add(n);
        return n;
    }

    private ErlangCollector collector(LocalErlangNode n, Duration interval) throws Exception {
        ErlangCollector c = new ErlangCollector(
                n.name(), "it", Cookie.fromFile(n.writeCookie(dir)), ErlangSettings.defaults(interval));
        closeables.add(c);
        return c;
    }

    private static double sample(MetricBatch b, MetricId id) {
        return b.getSamples().stream()
                .filter(s -> s.getMetric() == id.id())
                .mapToDouble(Sample::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " missing from " + b));
    }

    @Test
    void spawning20000ProcessesShowsUpInTheNextTicksProcessCount() throws Exception {
        LocalErlangNode n = node("procs");
        ErlangCollector c = collector(n, Duration.ofSeconds(10));
        NodeInfo info = c.connect();
        assertThat(info.otpRelease()).matches("\\d+");
        assertThat(info.ertsVersion()).matches("\\d+(\\.\\d+)+");
        assertThat(info.limits())
                .extracting(Sample::getMetric)
                .contains(
                        MetricId.PROCESS_COUNT.id(),
                        MetricId.PORT_COUNT.id(),
                        MetricId.ATOM_COUNT.id(),
                        MetricId.ETS_COUNT.id());
        MetricBatch before = c.collect(System.currentTimeMillis()).orElseThrow();

        n.spawnIdle(20_000);
        MetricBatch after = c.collect(System.currentTimeMillis()).orElseThrow();

        assertThat(sample(after, MetricId.PROCESS_COUNT) - sample(before, MetricId.PROCESS_COUNT))
                .isGreaterThanOrEqualTo(20_000);
        assertThat(after.getSequence()).isEqualTo(before.getSequence() + 1);
        assertThat(after.getLimits()).contains(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0));
        assertThat(after.getSamples())
                .extracting(Sample::getMetric)
                .contains(
                        MetricId.MEMORY_TOTAL.id(),
                        MetricId.MEMORY_ATOM_USED.id(),
                        MetricId.REDUCTIONS.id(),
                        MetricId.GC_WORDS_RECLAIMED.id(),
                        MetricId.IO_OUTPUT_BYTES.id(),
                        MetricId.UPTIME.id(),
                        MetricId.SCHEDULER_UTILISATION.id(),
                        MetricId.RUN_QUEUE.id(),
                        MetricId.CONTEXT_SWITCHES.id(),
                        MetricId.MAX_MESSAGE_QUEUE.id());
        assertThat(sample(after, MetricId.SCHEDULER_UTILISATION)).isBetween(0.0, 1.0);
        assertThat(sample(after, MetricId.COLLECT_ERRORS)).isZero();
        // the agent is a hidden node: the target does not list it among its ordinary nodes
        assertThat(n.call("erlang", "nodes").toString()).doesNotContain("numbat_agent");
        assertThat(n.call("erlang", "nodes", Terms.atom("hidden")).toString()).contains("numbat_agent");
    }

    @Test
    void fillingAnEtsTableShowsUpInEtsMemory() throws Exception {
        LocalErlangNode n = node("ets");
        ErlangCollector c = collector(n, Duration.ofSeconds(10));
        c.connect();
        MetricBatch before = c.collect(System.currentTimeMillis()).orElseThrow();

        long tableBytes = n.fillEts("numbat_it_table", 10_000);
        MetricBatch after = c.collect(System.currentTimeMillis()).orElseThrow();

        assertThat(tableBytes).isGreaterThan(10_000 * 1_000L);
        assertThat(sample(after, MetricId.MEMORY_ETS) - sample(before, MetricId.MEMORY_ETS))
                .isGreaterThanOrEqualTo(tableBytes * 0.9);
        assertThat(sample(after, MetricId.ETS_COUNT)).isEqualTo(sample(before, MetricId.ETS_COUNT) + 1);
    }

    @Test
    void topMessageQueuesFindsTheProcessWithALongMailbox() throws Exception {
        LocalErlangNode n = node("queues");
        n.spawnIdle(5_000);
        n.mailbox("numbat_it_backlog", 5_000);
        ErlangCollector c = collector(n, Duration.ofSeconds(10));
        c.connect();

        MetricBatch b = c.collect(System.currentTimeMillis()).orElseThrow();

        TopProcesses top = c.topProcesses().orElseThrow();
        assertThat(top.byQueue()).isNotEmpty();
        assertThat(top.byQueue().get(0).name()).isEqualTo("numbat_it_backlog");
        assertThat(top.byQueue().get(0).queueLength()).isEqualTo(5_000);
        assertThat(top.byQueue().get(0).pid()).startsWith("<");
        assertThat(top.scanReductions()).isPositive();
        assertThat(sample(b, MetricId.MAX_MESSAGE_QUEUE)).isEqualTo(5_000);
        assertThat(b.getQueues()).as("the longest queues travel with the batch").isNotEmpty();
        assertThat(b.getQueues().get(0).getProcess()).isEqualTo("numbat_it_backlog");
        assertThat(b.getQueues().get(0).getLength()).isEqualTo(5_000);
    }

    @Test
    void killingTheNodeYieldsDownWithin5Seconds() throws Exception {
        LocalErlangNode n = node("kill");
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        List<MetricBatch> batches = new CopyOnWriteArrayList<>();
        NodeWatcher w = new NodeWatcher(
                        collector(n, Duration.ofSeconds(10)),
                        ErlangSettings.defaults(Duration.ofSeconds(10)),
                        batches::add,
                        events::add)
                .start();
        closeables.add(w);
        await(() -> events.stream().anyMatch(e -> e.getType() == NodeEventType.HEARTBEAT), Duration.ofSeconds(10));
        NodeEvent up = events.get(0);
        assertThat(up.getType()).isEqualTo(NodeEventType.UP);
        assertThat(up.getOtpRelease()).isNotBlank();
        assertThat(up.getErtsVersion()).isNotBlank();
        assertThat(up.getLimits()).isNotEmpty();

        long killed = System.nanoTime();
        n.kill();
        await(() -> events.stream().anyMatch(e -> e.getType() == NodeEventType.DOWN), Duration.ofSeconds(5));
        long ms = (System.nanoTime() - killed) / 1_000_000;

        NodeEvent down = events.stream()
                .filter(e -> e.getType() == NodeEventType.DOWN)
                .findFirst()
                .orElseThrow();
        assertThat(down.getReason()).contains(n.name());
        assertThat(ms).isLessThan(5_000);
        System.out.println("DOWN " + ms + " ms after the kill: " + down.getReason());
    }

    @Test
    void aNodeThatStopsAnsweringIsDownWithin5SecondsAndIsReconnectedWhenItAnswersAgain() throws Exception {
        LocalErlangNode n = node("frozen");
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        NodeWatcher w = new NodeWatcher(
                        collector(n, Duration.ofSeconds(10)),
                        ErlangSettings.defaults(Duration.ofSeconds(10)),
                        b -> {},
                        events::add)
                .start();
        closeables.add(w);
        await(() -> events.stream().anyMatch(e -> e.getType() == NodeEventType.HEARTBEAT), Duration.ofSeconds(10));

        long frozen = System.nanoTime();
        n.freeze();
        try {
            await(() -> events.stream().anyMatch(e -> e.getType() == NodeEventType.DOWN), Duration.ofSeconds(5));
        } finally {
            n.resume();
        }
        long ms = (System.nanoTime() - frozen) / 1_000_000;
        assertThat(ms).isLessThan(5_000);
        System.out.println("DOWN " + ms + " ms after SIGSTOP: "
                + events.get(events.size() - 1).getReason());

        await(() -> events.get(events.size() - 1).getType() != NodeEventType.DOWN, Duration.ofSeconds(10));
        assertThat(events)
                .extracting(NodeEvent::getType)
                .containsSubsequence(NodeEventType.UP, NodeEventType.HEARTBEAT, NodeEventType.DOWN, NodeEventType.UP);
    }

    @Test
    void theCookieIsNotOnTheNodesCommandLineButTheNodeAnswersWithIt() throws Exception {
        LocalErlangNode n = node("argv");

        String cmdline = Files.readString(Path.of("/proc", Long.toString(n.pid()), "cmdline"))
                .replace('\0', ' ');
        assertThat(cmdline)
                .as("what ps -eo args shows")
                .contains("beam", "-sname " + n.name())
                .doesNotContain(COOKIE);
        // the control connection logged in with COOKIE: the node took it from its private HOME
        assertThat(n.exactReductions()).isPositive();
    }

    @Test
    void wrongCookieGivesDownWithAClearReasonAndNoCookieInTheLogs() throws Exception {
        LocalErlangNode good = node("cookie");
        String wrong = "wrong-cookie-c0ffee";
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            ErlangAgent agent = new ErlangAgent(
                    List.of(good.name()),
                    "it",
                    Cookie.of(wrong),
                    ErlangSettings.defaults(Duration.ofSeconds(1)),
                    b -> {},
                    events::add);
            closeables.add(agent);
            await(() -> events.stream().anyMatch(e -> e.getType() == NodeEventType.DOWN), Duration.ofSeconds(5));
            Thread.sleep(1_500); // a reconnect attempt or two, logged too
            agent.close();
        } finally {
            System.setErr(original);
        }
        NodeEvent down = events.stream()
                .filter(e -> e.getType() == NodeEventType.DOWN)
                .findFirst()
                .orElseThrow();
        assertThat(down.getReason()).contains(good.name()).containsIgnoringCase("cookie");
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains(good.name()).doesNotContain(wrong).doesNotContain(COOKIE);
        assertThat(events.toString()).doesNotContain(wrong).doesNotContain(COOKIE);
        assertThat(events).extracting(NodeEvent::getType).doesNotContain(NodeEventType.UP);
    }

    @Test
    void aNodeThatIsAwayDoesNotHoldUpTheOthers() throws Exception {
        LocalErlangNode good = node("other");
        String unknown = "numbat_nobody_here@localhost";
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        List<MetricBatch> batches = new CopyOnWriteArrayList<>();
        ErlangAgent agent = new ErlangAgent(
                List.of(unknown, good.name()),
                "it",
                Cookie.of(COOKIE),
                ErlangSettings.defaults(Duration.ofMillis(500)),
                batches::add,
                events::add);
        closeables.add(agent);

        await(
                () -> batches.stream()
                                .filter(b -> b.getNode().equals(good.name()))
                                .count()
                        >= 3,
                Duration.ofSeconds(10));
        NodeEvent down = events.stream()
                .filter(e -> e.getNode().equals(unknown))
                .findFirst()
                .orElseThrow();
        assertThat(down.getType()).isEqualTo(NodeEventType.DOWN);
        assertThat(down.getReason()).contains(unknown).contains("not found");
        assertThat(batches).allMatch(b -> b.getNode().equals(good.name()));
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
