package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
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

/**
 * Discovery against real {@code erl} nodes: a cluster found from one seed (a hidden node included), a node that
 * joins later watched within 10 s, one that stops gets DOWN and is forgotten. Every node is killed afterwards.
 */
class ClusterDiscoveryIT {
    private static final String COOKIE = "it-discovery-cookie-51c2";
    private final List<LocalErlangNode> nodes = new CopyOnWriteArrayList<>();
    private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();
    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private ErlangAgent agent;

    @TempDir
    Path dir;

    @BeforeEach
    void erlangInstalled() {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        nodes.forEach(LocalErlangNode::close);
    }

    private LocalErlangNode node(String prefix, String... args) throws Exception {
        LocalErlangNode n = LocalErlangNode.start(prefix, COOKIE, args);
        nodes.add(n);
        return n;
    }

    private static void connect(LocalErlangNode from, LocalErlangNode to) throws Exception {
        assertThat(from.call("net_kernel", "connect_node", Terms.atom(to.name())))
                .hasToString("true");
    }

    private boolean up(String node) {
        return events.stream().anyMatch(e -> e.getNode().equals(node) && e.getType() == NodeEventType.UP);
    }

    private Optional<NodeEvent> down(String node) {
        return events.stream()
                .filter(e -> e.getNode().equals(node) && e.getType() == NodeEventType.DOWN)
                .findFirst();
    }

    @Test
    void aClusterIsFoundFromOneSeedAndFollowedAsNodesJoinAndLeave() throws Exception {
        LocalErlangNode seed = node("seed");
        LocalErlangNode web = node("web");
        LocalErlangNode hidden = node("hidden", "-hidden");
        connect(web, seed);
        connect(hidden, seed);
        Path cookie = Files.writeString(dir.resolve("cookie"), COOKIE + "\n");
        ClusterSpec spec = new ClusterSpec(
                "it",
                List.of(seed.name()),
                cookie,
                FamilyPatterns.parse(List.of("web_*=web", "hidden_*=hidden"), "beam"),
                ErlangSettings.defaults(Duration.ofSeconds(1)),
                true,
                Duration.ofSeconds(3),
                ClusterSpec.DEFAULT_EXCLUDE);

        agent = ErlangAgent.start(List.of(spec), batches::add, events::add);

        await(() -> up(seed.name()) && up(web.name()) && up(hidden.name()), Duration.ofSeconds(30));
        assertThat(agent.nodes()).containsExactlyInAnyOrder(seed.name(), web.name(), hidden.name());
        await(() -> batches.stream().anyMatch(b -> b.getNode().equals(hidden.name())), Duration.ofSeconds(15));
        assertThat(batches)
                .filteredOn(b -> b.getNode().equals(web.name()))
                .allMatch(b -> b.getFamily().equals("web"));
        assertThat(batches)
                .filteredOn(b -> b.getNode().equals(hidden.name()))
                .allMatch(b -> b.getFamily().equals("hidden"));
        assertThat(batches)
                .filteredOn(b -> b.getNode().equals(seed.name()))
                .allMatch(b -> b.getFamily().equals("beam"));

        // a fourth node joins: watched within 10 s of its connection
        LocalErlangNode late = node("web");
        connect(late, seed);
        long joined = System.nanoTime();
        await(() -> agent.nodes().contains(late.name()), Duration.ofSeconds(10));
        System.out.printf(
                "ClusterDiscoveryIT: %s watched %d ms after it connected%n",
                late.name(), (System.nanoTime() - joined) / 1_000_000);
        await(() -> up(late.name()), Duration.ofSeconds(20));

        // one leaves: DOWN from its watcher, then forgotten (forgetAfter 3 s here)
        web.kill();
        await(() -> down(web.name()).isPresent(), Duration.ofSeconds(20));
        assertThat(down(web.name()).orElseThrow().getFamily()).isEqualTo("web");
        await(() -> !agent.nodes().contains(web.name()), Duration.ofSeconds(30));
        assertThat(agent.nodes()).containsExactlyInAnyOrder(seed.name(), hidden.name(), late.name());
        // the agent's own JInterface nodes and the test's control connections are never watched
        assertThat(agent.nodes()).noneMatch(n -> n.startsWith("numbat_"));
        assertThat(events).noneMatch(e -> e.getNode().startsWith("numbat_"));
    }

    @Test
    void withTheSeedDownDiscoveryAsksAnotherNodeThatIsUp() throws Exception {
        LocalErlangNode seed = node("seed");
        LocalErlangNode a = node("a");
        connect(a, seed);
        Path cookie = Files.writeString(dir.resolve("cookie"), COOKIE + "\n");
        ClusterSpec spec = new ClusterSpec(
                "it",
                List.of(seed.name()),
                cookie,
                FamilyPatterns.single("beam"),
                ErlangSettings.defaults(Duration.ofSeconds(1)),
                true,
                ClusterSpec.DEFAULT_FORGET_AFTER,
                ClusterSpec.DEFAULT_EXCLUDE);
        agent = ErlangAgent.start(List.of(spec), batches::add, events::add);
        await(() -> up(seed.name()) && up(a.name()), Duration.ofSeconds(30));

        seed.kill();
        await(() -> down(seed.name()).isPresent(), Duration.ofSeconds(20));
        LocalErlangNode b = node("b");
        connect(b, a);

        await(() -> up(b.name()), Duration.ofSeconds(30));
        assertThat(agent.nodes()).contains(seed.name()); // a seed is never forgotten
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
