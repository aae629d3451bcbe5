package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import io.numbat.schemas.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The lifecycle logic against a scripted node: no Erlang needed. */
class NodeWatcherTest {
    private static final ErlangSettings FAST = new ErlangSettings(
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofMillis(50),
            Duration.ofSeconds(1),
            5);

    /** A node that answers while {@code alive}. */
    private static final class ScriptedNode implements WatchedNode {
        volatile boolean alive = true;
        volatile String refusal = "fake@host: node not found";
        final AtomicInteger connects = new AtomicInteger();
        private boolean connected;
        private long sequence;
        private String lastFailure = "not connected yet";
        private final List<Sample> limits = List.of(new Sample(MetricId.PROCESS_COUNT.id(), 262_144.0));
        final Queue<LogEvent> logs = new ConcurrentLinkedQueue<>();

        @Override
        public List<LogEvent> takeLogEvents() {
            List<LogEvent> out = new ArrayList<>();
            for (LogEvent e = logs.poll(); e != null; e = logs.poll()) {
                out.add(e);
            }
            return out;
        }

        @Override
        public NodeInfo connect() throws ErlangRpcException {
            connects.incrementAndGet();
            if (!alive) {
                lastFailure = refusal;
                throw new ErlangRpcException(refusal, true);
            }
            connected = true;
            return new NodeInfo("25", "13.1.5", 2, limits);
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public boolean ping() {
            if (!alive) {
                connected = false;
                lastFailure = "fake@host: erlang:node/0 got no answer within 2000 ms";
            }
            return alive;
        }

        @Override
        public Optional<MetricBatch> collect(long nowMillis) {
            if (!alive) {
                connected = false;
                lastFailure = "fake@host: connection lost during erlang:memory/0";
                return Optional.empty();
            }
            return Optional.of(MetricBatch.newBuilder()
                    .setNode("fake@host")
                    .setFamily("f")
                    .setTimestamp(Instant.ofEpochMilli(nowMillis))
                    .setSequence(sequence++)
                    .setSamples(List.of(new Sample(MetricId.PROCESS_COUNT.id(), 100.0)))
                    .setLimits(limits)
                    .build());
        }

        @Override
        public Optional<NodeInfo> info() {
            return connected ? Optional.of(new NodeInfo("25", "13.1.5", 2, limits)) : Optional.empty();
        }

        @Override
        public List<Sample> limits() {
            return limits;
        }

        @Override
        public String lastFailure() {
            return lastFailure;
        }

        @Override
        public String node() {
            return "fake@host";
        }

        @Override
        public String family() {
            return "f";
        }
    }

    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();

    private long count(NodeEventType type) {
        return events.stream().filter(e -> e.getType() == type).count();
    }

    @Test
    void upThenHeartbeatsThenOneDownPerOutageThenUpAgain() throws Exception {
        ScriptedNode node = new ScriptedNode();
        NodeWatcher w = new NodeWatcher(node, FAST, batches::add, events::add).start();
        try {
            await(() -> count(NodeEventType.HEARTBEAT) >= 3);
            NodeEvent up = events.get(0);
            assertThat(up.getType()).isEqualTo(NodeEventType.UP);
            assertThat(up.getOtpRelease()).isEqualTo("25");
            assertThat(up.getLimits()).isNotEmpty();
            assertThat(batches).hasSizeGreaterThanOrEqualTo(3);

            node.alive = false;
            await(() -> count(NodeEventType.DOWN) == 1);
            int attempts = node.connects.get();
            Thread.sleep(1_600); // reconnect attempts back off: 500 ms, 1 s
            assertThat(count(NodeEventType.DOWN)).as("one DOWN per outage").isEqualTo(1);
            assertThat(node.connects.get() - attempts).isBetween(1, 3);
            NodeEvent down = events.stream()
                    .filter(e -> e.getType() == NodeEventType.DOWN)
                    .findFirst()
                    .orElseThrow();
            assertThat(down.getReason()).startsWith("fake@host: ");
            assertThat(down.getLimits()).isEmpty();

            node.alive = true;
            await(() -> count(NodeEventType.UP) == 2
                    && events.get(events.size() - 1).getType() == NodeEventType.HEARTBEAT);
        } finally {
            w.close();
        }
        List<Long> sequences = batches.stream().map(MetricBatch::getSequence).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aNodeThatNeverAnswersIsDownOnceWithTheReasonAndNothingElse() throws Exception {
        ScriptedNode node = new ScriptedNode();
        node.alive = false;
        node.refusal = "fake@host: authentication failed, the node refused the cookie (wrong cookie?)";
        NodeWatcher w = new NodeWatcher(node, FAST, batches::add, events::add).start();
        try {
            await(() -> node.connects.get() >= 2);
        } finally {
            w.close();
        }
        assertThat(events).extracting(NodeEvent::getType).containsExactly(NodeEventType.DOWN);
        assertThat(events.get(0).getReason()).contains("wrong cookie");
        assertThat(batches).isEmpty();
    }

    @Test
    void theNodesLogEventsArePublishedAsLogEventsOfTheWatchedNode() throws Exception {
        ScriptedNode node = new ScriptedNode();
        NodeWatcher w = new NodeWatcher(node, FAST, batches::add, events::add).start();
        try {
            await(() -> count(NodeEventType.UP) == 1);
            node.logs.add(new LogEvent(
                    "fake@host", "error", 1_700_000_000_123L, "payment failed", null, Map.of("pid", "<0.9.0>"), 4));
            await(() -> count(NodeEventType.LOG) == 1);
        } finally {
            w.close();
        }
        NodeEvent log = events.stream()
                .filter(e -> e.getType() == NodeEventType.LOG)
                .findFirst()
                .orElseThrow();
        assertThat(log.getNode()).isEqualTo("fake@host");
        assertThat(log.getFamily()).isEqualTo("f");
        assertThat(log.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(log.getLevel()).isEqualTo("error");
        assertThat(log.getMessage()).isEqualTo("payment failed");
        assertThat(log.getReport()).isNull();
        assertThat(log.getMetadata()).containsEntry("pid", "<0.9.0>");
        assertThat(log.getDroppedLogs()).isEqualTo(4);
        assertThat(log.getLimits()).isEmpty();
        assertThat(count(NodeEventType.DOWN)).isZero();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
