package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node log events against real {@code erl} nodes: {@code logger:error} on a node arrives as a LOG node event; a
 * burst is cut by the handler's rate limit and every dropped event is counted; the handler is removed when the agent
 * stops watching the node, removes itself when the agent is gone without a word, and a node where it cannot be
 * installed (no compiler) is watched all the same.
 */
class LogEventsIT {
    private static final String COOKIE = "it-log-events-cookie-93b1";
    private static final ErlangSettings SETTINGS = ErlangSettings.defaults(Duration.ofSeconds(1));
    private final List<LocalErlangNode> nodes = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();
    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void erlangInstalled() {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        nodes.forEach(LocalErlangNode::close);
    }

    private LocalErlangNode node(String prefix) throws Exception {
        LocalErlangNode n = LocalErlangNode.start(prefix, COOKIE);
        nodes.add(n);
        return n;
    }

    private ErlangAgent agent(LocalErlangNode n) {
        ErlangAgent agent =
                new ErlangAgent(List.of(n.name()), "shop", Cookie.of(COOKIE), SETTINGS, batches::add, events::add);
        closeables.add(agent);
        return agent;
    }

    private List<NodeEvent> logs(String node) {
        return events.stream()
                .filter(e -> e.getNode().equals(node) && e.getType() == NodeEventType.LOG)
                .toList();
    }

    private boolean up(String node) {
        return events.stream().anyMatch(e -> e.getNode().equals(node) && e.getType() == NodeEventType.UP);
    }

    /** The agent the node's numbat_log handler sends to, or "none". */
    private static String handlerTarget(LocalErlangNode n) throws ErlangRpcException {
        OtpErlangObject reply = n.call("logger", "get_handler_config", Terms.atom("numbat_log"));
        if (reply instanceof OtpErlangTuple t && Terms.atom("ok").equals(t.elementAt(0))) {
            return ((OtpErlangAtom) n.call(LogHandler.MODULE, "installed")).atomValue();
        }
        return "none";
    }

    private static OtpErlangList list(OtpErlangObject... items) {
        return new OtpErlangList(items);
    }

    @Test
    void anErrorLoggedOnTheNodeArrivesAsALogNodeEvent() throws Exception {
        LocalErlangNode n = node("shop");
        agent(n);
        ClusterDiscoveryIT.await(() -> up(n.name()), Duration.ofSeconds(30));
        assertThat(handlerTarget(n)).startsWith("numbat_agent_");

        n.call(
                "logger",
                "error",
                new OtpErlangString("payment ~p failed: ~ts"),
                list(new OtpErlangLong(42), new OtpErlangString("timeout")));
        n.call("logger", "warning", new OtpErlangString("below the handler's level"), list());
        n.call(
                "logger",
                "critical",
                list(
                        new OtpErlangTuple(new OtpErlangObject[] {Terms.atom("what"), Terms.atom("card_declined")}),
                        new OtpErlangTuple(new OtpErlangObject[] {Terms.atom("order"), new OtpErlangLong(4711)})));

        ClusterDiscoveryIT.await(() -> logs(n.name()).size() >= 2, Duration.ofSeconds(20));
        NodeEvent error = logs(n.name()).get(0);
        assertThat(error.getFamily()).isEqualTo("shop");
        assertThat(error.getLevel()).isEqualTo("error");
        assertThat(error.getMessage()).isEqualTo("payment 42 failed: timeout");
        assertThat(error.getReport()).isNull();
        assertThat(error.getMetadata()).containsKeys("pid", "gl").doesNotContainKey("time");
        assertThat(error.getMetadata().get("pid")).startsWith("<");
        assertThat(error.getDroppedLogs()).isZero();
        assertThat(error.getTimestamp().toEpochMilli())
                .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 60_000);
        NodeEvent critical = logs(n.name()).get(1);
        assertThat(critical.getLevel()).isEqualTo("critical");
        assertThat(critical.getMessage()).contains("card_declined").contains("4711");
        assertThat(critical.getReport()).contains("{what,card_declined}").contains("{order,4711}");
        // the warning never left the node, and no LOG event is taken for a change of state
        assertThat(logs(n.name())).noneMatch(e -> e.getMessage().contains("below the handler's level"));
        assertThat(events)
                .filteredOn(e -> e.getType() == NodeEventType.LOG)
                .allMatch(e -> e.getLimits().isEmpty());
    }

    @Test
    void aLongMessageIsCutAndABurstIsCutWithEveryDroppedEventCounted() throws Exception {
        LocalErlangNode n = node("burst");
        agent(n);
        ClusterDiscoveryIT.await(() -> up(n.name()), Duration.ofSeconds(30));

        n.call("logger", "error", new OtpErlangString("~ts"), list(new OtpErlangString("x".repeat(10_000))));
        ClusterDiscoveryIT.await(() -> logs(n.name()).size() >= 1, Duration.ofSeconds(20));
        assertThat(logs(n.name()).get(0).getMessage())
                .hasSizeGreaterThan(1_000)
                .hasSizeLessThanOrEqualTo(LogEvent.MAX_CHARS + 3)
                .endsWith("...");

        n.call("numbat_load", "log_errors", new OtpErlangString("burst"), new OtpErlangLong(200));
        Thread.sleep(1_500); // a new second: the next event is admitted and carries the count
        n.call("logger", "error", new OtpErlangString("after the burst"), list());
        ClusterDiscoveryIT.await(
                () -> logs(n.name()).stream().anyMatch(e -> e.getMessage().equals("after the burst")),
                Duration.ofSeconds(20));
        List<NodeEvent> burst = logs(n.name()).stream()
                .filter(e -> e.getMessage().startsWith("burst "))
                .toList();
        NodeEvent after = logs(n.name()).stream()
                .filter(e -> e.getMessage().equals("after the burst"))
                .findFirst()
                .orElseThrow();
        long dropped = burst.stream().mapToLong(NodeEvent::getDroppedLogs).sum() + after.getDroppedLogs();
        System.out.printf(
                "LogEventsIT: a burst of 200 errors: %d published, %d counted as dropped%n", burst.size(), dropped);
        // at most 10 a second: the burst fits in one or two one-second windows
        assertThat(burst.size()).isBetween(1, 2 * SETTINGS.logEventsPerSecond());
        assertThat(burst.size() + dropped).isEqualTo(200);

        // the limiter itself on the node: 25 events in one second at 10 a second, then the next second
        OtpErlangObject rate =
                n.call("numbat_load", "log_rate", new OtpErlangLong(10), new OtpErlangLong(25), new OtpErlangLong(7));
        assertThat(rate).hasToString("{10,15,{ok,15}}");
    }

    @Test
    void theHandlerIsRemovedWhenTheAgentStopsWatchingTheNode() throws Exception {
        LocalErlangNode n = node("unwatch");
        ErlangAgent agent = agent(n);
        ClusterDiscoveryIT.await(() -> up(n.name()), Duration.ofSeconds(30));
        assertThat(handlerTarget(n)).startsWith("numbat_agent_");

        agent.close();

        assertThat(handlerTarget(n)).isEqualTo("none");
        assertThat(n.call("logger", "error", new OtpErlangString("nobody listens"), list()))
                .hasToString("ok");
    }

    @Test
    void aHandlerLeftBehindByAnAgentThatIsGoneRemovesItselfAndANewAgentInstallsItAgain() throws Exception {
        LocalErlangNode n = node("orphan");
        ErlangCollector gone = new ErlangCollector(n.name(), "shop", Cookie.of(COOKIE), SETTINGS);
        gone.connect();
        assertThat(gone.logHandlerInstalled()).isTrue();
        String target = handlerTarget(n);
        gone.disconnect(); // as a killed agent: the connection goes, the handler stays
        assertThat(handlerTarget(n)).isEqualTo(target);

        ClusterDiscoveryIT.await(
                () -> {
                    try {
                        // harmless: the send to the gone agent is a no-op, and the handler then removes itself
                        assertThat(n.call("logger", "error", new OtpErlangString("agent gone"), list()))
                                .hasToString("ok");
                        return handlerTarget(n).equals("none");
                    } catch (ErlangRpcException e) {
                        throw new AssertionError(e);
                    }
                },
                Duration.ofSeconds(20));

        agent(n);
        ClusterDiscoveryIT.await(() -> up(n.name()), Duration.ofSeconds(30));
        assertThat(handlerTarget(n)).startsWith("numbat_agent_").isNotEqualTo(target);
        n.call("logger", "error", new OtpErlangString("heard again"), list());
        ClusterDiscoveryIT.await(
                () -> logs(n.name()).stream().anyMatch(e -> e.getMessage().equals("heard again")),
                Duration.ofSeconds(20));
    }

    @Test
    void aNodeWhereTheHandlerCannotBeInstalledIsWatchedWithoutLogEvents() throws Exception {
        LocalErlangNode n = node("nocompiler");
        // a node without the compiler application (an embedded release): compile is unloaded and off the code path
        OtpErlangObject ebin = n.call("code", "lib_dir", Terms.atom("compiler"), Terms.atom("ebin"));
        n.call("code", "unstick_dir", ebin);
        assertThat(n.call("code", "del_path", Terms.atom("compiler"))).hasToString("true");
        n.call("code", "purge", Terms.atom("compile"));
        n.call("code", "delete", Terms.atom("compile"));
        n.call("code", "purge", Terms.atom("compile"));
        assertThat(n.call("code", "is_loaded", Terms.atom("compile"))).hasToString("false");
        ErlangCollector c = new ErlangCollector(n.name(), "shop", Cookie.of(COOKIE), SETTINGS);
        NodeWatcher w = new NodeWatcher(c, SETTINGS, batches::add, events::add).start();
        closeables.add(w);

        ClusterDiscoveryIT.await(() -> up(n.name()), Duration.ofSeconds(30));
        ClusterDiscoveryIT.await(
                () -> batches.stream().filter(b -> b.getNode().equals(n.name())).count() >= 2, Duration.ofSeconds(20));
        assertThat(c.logHandlerInstalled()).isFalse();
        assertThat(c.connected()).isTrue();
        assertThat(handlerTarget(n)).isEqualTo("none");
        n.call("logger", "error", new OtpErlangString("unheard"), list());
        Thread.sleep(2_000);
        assertThat(logs(n.name())).isEmpty();
        assertThat(w.up()).isTrue();
    }
}
