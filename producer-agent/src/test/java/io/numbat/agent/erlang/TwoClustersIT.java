package io.numbat.agent.erlang;

import static io.numbat.agent.erlang.ClusterDiscoveryIT.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.agent.config.AgentConfig;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent, one configuration file, two real clusters of {@code erl} nodes with different cookies, and three
 * clusters that cannot be watched (a wrong cookie, a seed that is not running, a host name that does not resolve):
 * the good clusters are watched all along, the bad ones get DOWN with a clear reason and one log line each.
 */
class TwoClustersIT {
    private static final String COOKIE_A = "it-cluster-a-cookie-0e1d";
    private static final String COOKIE_B = "it-cluster-b-cookie-93fa";
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

    private LocalErlangNode node(String prefix, String cookie) throws Exception {
        LocalErlangNode n = LocalErlangNode.start(prefix, cookie);
        nodes.add(n);
        return n;
    }

    private long batchesOf(String node) {
        return batches.stream().filter(b -> b.getNode().equals(node)).count();
    }

    private Optional<NodeEvent> first(String node, NodeEventType type) {
        return events.stream()
                .filter(e -> e.getNode().equals(node) && e.getType() == type)
                .findFirst();
    }

    @Test
    void oneAgentWatchesTwoClustersWithDifferentCookiesWhileTheBadOnesRetry() throws Exception {
        LocalErlangNode a1 = node("shop", COOKIE_A);
        LocalErlangNode a2 = node("shop", COOKIE_A);
        assertThat(a2.call("net_kernel", "connect_node", Terms.atom(a1.name()))).hasToString("true");
        LocalErlangNode b1 = node("billing", COOKIE_B);
        Files.writeString(dir.resolve("a.cookie"), COOKIE_A + "\n");
        Files.writeString(dir.resolve("b.cookie"), COOKIE_B + "\n");
        Files.writeString(dir.resolve("wrong.cookie"), "not-the-cookie\n");
        String absent = "numbat_nobody_here@localhost";
        String unresolvable = "ghost@no-such-host.invalid";
        Path config = Files.writeString(
                dir.resolve("agent.yaml"), """
                clusters:
                  - name: shop
                    seeds: [%s]
                    cookieFile: a.cookie
                    discover: true
                    families: {"shop_*": shop}
                    interval: 1s
                  - name: billing
                    seeds: [%s]
                    cookieFile: b.cookie
                    family: billing
                    interval: 1s
                    collectors: {topProcesses: 0}
                  - name: wrong-cookie
                    seeds: [%s]
                    cookieFile: wrong.cookie
                  - name: absent
                    seeds: [%s]
                    cookieFile: b.cookie
                  - name: unresolvable
                    seeds: [%s]
                    cookieFile: b.cookie
                """.formatted(a1.name(), b1.name(), b1.name(), absent, unresolvable));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            agent = ErlangAgent.start(AgentConfig.load(config), batches::add, events::add);

            await(
                    () -> batchesOf(a1.name()) >= 3 && batchesOf(a2.name()) >= 3 && batchesOf(b1.name()) >= 3,
                    Duration.ofSeconds(40));
            await(
                    () -> first(absent, NodeEventType.DOWN).isPresent()
                            && first(unresolvable, NodeEventType.DOWN).isPresent(),
                    Duration.ofSeconds(20));
            long before = batchesOf(a1.name()) + batchesOf(b1.name());
            Thread.sleep(8_000); // several reconnect attempts of the bad clusters
            assertThat(batchesOf(a1.name()) + batchesOf(b1.name())).isGreaterThan(before + 4);
        } finally {
            System.setErr(original);
        }

        assertThat(first(a2.name(), NodeEventType.UP)).isPresent(); // discovered from a1 with cookie A
        assertThat(batches)
                .filteredOn(b -> b.getNode().startsWith("shop_"))
                .allMatch(b -> b.getFamily().equals("shop"));
        assertThat(batches)
                .filteredOn(b -> b.getNode().equals(b1.name()))
                .allMatch(b -> b.getFamily().equals("billing")
                        && (b.getTopReductions() == null || b.getTopReductions().isEmpty()));
        // b1 watched twice: by billing with cookie B (up) and by wrong-cookie (refused)
        assertThat(events)
                .filteredOn(e -> e.getNode().equals(b1.name()) && e.getType() == NodeEventType.DOWN)
                .allSatisfy(e -> assertThat(e.getReason()).containsIgnoringCase("cookie"));
        assertThat(first(absent, NodeEventType.DOWN).orElseThrow().getReason()).contains("not found");
        assertThat(first(unresolvable, NodeEventType.DOWN).orElseThrow().getReason())
                .contains("the host name no-such-host.invalid does not resolve");
        String logs = captured.toString(StandardCharsets.UTF_8);
        System.out.println("TwoClustersIT log lines about the bad seeds:");
        logs.lines()
                .filter(l -> l.contains(absent) || l.contains(unresolvable) || l.contains("cookie"))
                .forEach(l -> System.out.println("  " + l));
        // one line each despite the retries (a new reason would earn one more)
        assertThat(logs.lines().filter(l -> l.contains(absent) && l.contains("down")))
                .hasSizeBetween(1, 2);
        assertThat(logs.lines().filter(l -> l.contains(unresolvable) && l.contains("down")))
                .hasSizeBetween(1, 2);
        // b1 under the wrong cookie: billing watches it fine, so every "down" line of b1 is the refused cookie's
        assertThat(logs.lines().filter(l -> l.contains(b1.name()) && l.contains("down")))
                .hasSizeBetween(1, 2)
                .allSatisfy(l -> assertThat(l).containsIgnoringCase("cookie"));
        assertThat(logs).doesNotContain(COOKIE_A).doesNotContain(COOKIE_B).doesNotContain("not-the-cookie");
        assertThat(events.toString()).doesNotContain(COOKIE_A).doesNotContain(COOKIE_B);
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
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
