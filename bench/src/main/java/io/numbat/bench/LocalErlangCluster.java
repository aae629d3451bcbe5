package io.numbat.bench;

import com.ericsson.otp.erlang.OtpErlangAtom;
import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.platform.ErlangParentWatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code n} real {@code erl} nodes on this machine with one (random) cookie, each connected to the first, the seed,
 * so that they form one cluster (Erlang's default full mesh) an agent finds with {@code --discover}. Every node is
 * killed when this is closed, when the JVM exits (a shutdown hook, for Ctrl-C), and, should the JVM be killed, by
 * itself within a second ({@link ErlangParentWatch}).
 */
final class LocalErlangCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalErlangCluster.class);
    private static final int STARTING_AT_ONCE = 4;

    private final List<LocalErlangNode> nodes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook = new Thread(this::close, "erl-cluster-cleanup");

    private LocalErlangCluster() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code n} nodes named {@code prefix_<random>@localhost}, a few at a time, and joins them to the first. */
    static LocalErlangCluster start(String prefix, int n) throws IOException, InterruptedException {
        LocalErlangCluster cluster = new LocalErlangCluster();
        String cookie = "numbat-bench-" + UUID.randomUUID();
        String[] args = ErlangParentWatch.erlArgs().toArray(String[]::new);
        ExecutorService pool = Executors.newFixedThreadPool(STARTING_AT_ONCE);
        try {
            // the seed alone first: the first erl of the machine starts epmd
            LocalErlangNode seed = LocalErlangNode.start(prefix, cookie, args);
            cluster.nodes.add(seed);
            List<Future<LocalErlangNode>> started = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                started.add(pool.submit(() -> {
                    LocalErlangNode node = LocalErlangNode.start(prefix, cookie, args);
                    cluster.nodes.add(node);
                    String joined = node.call("net_kernel", "connect_node", new OtpErlangAtom(seed.name()))
                            .toString();
                    if (!joined.equals("true")) {
                        throw new IOException(
                                node.name() + " could not connect to the seed " + seed.name() + ": " + joined);
                    }
                    return node;
                }));
            }
            for (Future<LocalErlangNode> f : started) {
                f.get();
            }
            return cluster;
        } catch (Exception e) {
            pool.shutdownNow(); // the starts still running end (or fail) before the nodes are killed
            pool.awaitTermination(60, TimeUnit.SECONDS);
            cluster.close();
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("cannot start " + n + " erl nodes: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    LocalErlangNode seed() {
        return nodes.get(0);
    }

    int size() {
        return nodes.size();
    }

    /** The seed's cookie in a file (mode 600) under {@code dir}, for the agent's {@code --cookie-file}. */
    Path writeCookie(Path dir) throws IOException {
        return seed().writeCookie(dir);
    }

    /** Kills every node (SIGKILL: nothing of theirs is worth a graceful stop). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        nodes.forEach(LocalErlangNode::close);
        LOG.info("{} erl nodes killed", nodes.size());
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: this is the hook
        }
    }
}
