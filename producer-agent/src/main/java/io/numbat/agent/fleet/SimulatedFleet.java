package io.numbat.agent.fleet;

import io.numbat.agent.manage.ManagedNodes;
import io.numbat.agent.manage.NodeCommandException;
import io.numbat.schemas.MetricBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated BEAM nodes in one process, grouped into families whose total demand is shared by
 * the family's running nodes, with a daily rhythm. Every tick each running node publishes one
 * batch. Nodes can be started and stopped while it runs (the deployer's {@code simulated} provider
 * does this) and faults injected and recovered per node or per family. Seeded: the same seed and
 * the same sequence of starts and faults gives the same metrics.
 */
public final class SimulatedFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFleet.class);
    private static final double DAY_MILLIS = 86_400_000.0;

    private final Map<String, FamilySpec> families = new LinkedHashMap<>();
    private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
    /** Each node's start order, which fixes its phase when ticks are spread (see {@link #tickPhase}). */
    private final Map<String, Long> startOrder = new HashMap<>();

    private long started;
    private final BatchSink sink;
    private final Duration interval;
    private final long seed;
    private final Clock clock;
    private final int metrics;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private ScheduledExecutorService ticker;
    private volatile int topProcesses = SimulatedProcesses.TOP;

    /** A fleet whose nodes report every BEAM metric the simulator knows. */
    public SimulatedFleet(List<FamilySpec> families, BatchSink sink, Duration interval, long seed, Clock clock) {
        this(families, sink, interval, seed, clock, SimulatedNode.beamMetricCount());
    }

    /**
     * @param metrics samples per batch: the BEAM metrics first, then application metrics
     *     (ids from 1000) up to this count
     */
    public SimulatedFleet(
            List<FamilySpec> families, BatchSink sink, Duration interval, long seed, Clock clock, int metrics) {
        this.sink = Objects.requireNonNull(sink);
        this.interval = Objects.requireNonNull(interval);
        this.seed = seed;
        this.clock = clock;
        if (metrics < 1) {
            throw new IllegalArgumentException("metrics per node must be >= 1, was " + metrics);
        }
        this.metrics = metrics;
        for (FamilySpec f : families) {
            this.families.put(f.name(), f);
            for (int i = 1; i <= f.initialNodes(); i++) {
                startNode(f.name() + "-" + i + "@sim", f.name());
            }
        }
    }

    /**
     * How many processes each batch lists by reductions, memory and message queue (default 10, as the Erlang
     * collector); 0 leaves the lists out (a batch of 23 samples is then about 280 bytes instead of 1.6 KB).
     */
    public SimulatedFleet topProcesses(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("top processes must be >= 0, was " + n);
        }
        topProcesses = n;
        return this;
    }

    /**
     * Starts a node of {@code family} named {@code node}; starting a running node does nothing.
     * Returns whether the node is new.
     */
    public synchronized boolean startNode(String node, String family) {
        if (!families.containsKey(family)) {
            throw new IllegalArgumentException("unknown family '" + family + "'; known: " + families.keySet());
        }
        if (nodes.containsKey(node)) {
            return false;
        }
        nodes.put(
                node,
                new SimulatedNode(node, family, seed ^ node.hashCode(), metrics - SimulatedNode.beamMetricCount()));
        startOrder.put(node, started++);
        return true;
    }

    /** Stops a node; returns false if it was not running. */
    public synchronized boolean stopNode(String node) {
        startOrder.remove(node);
        return nodes.remove(node) != null;
    }

    /** Injects {@code fault} into the target's nodes; returns how many nodes it reached. */
    public synchronized int inject(Fault fault, Target target, Duration timeToLimit) {
        long now = clock.millis();
        int n = 0;
        for (SimulatedNode node : nodes.values()) {
            if (target.matches(node)) {
                node.inject(fault, now, timeToLimit);
                n++;
            }
        }
        LOG.info("injected {} into {} ({} nodes, limit reached in {})", fault.wireName(), target, n, timeToLimit);
        return n;
    }

    /** Ends every fault of the target's nodes (crashed ones restart); returns how many nodes it reached. */
    public synchronized int recover(Target target) {
        long now = clock.millis();
        int n = 0;
        for (SimulatedNode node : nodes.values()) {
            if (target.matches(node)) {
                node.recover(now);
                n++;
            }
        }
        LOG.info("recovered {} ({} nodes)", target, n);
        return n;
    }

    /** The running nodes, for the operator commands (inspect, gc, kill), answered from their last tick. */
    public ManagedNodes managedNodes() {
        return node -> {
            synchronized (this) {
                return nodes.containsKey(node) ? Optional.of(new FleetNodeControl(this, node)) : Optional.empty();
            }
        };
    }

    /** Runs {@code command} on {@code node} under the fleet's lock; fails when the node has stopped or crashed. */
    synchronized <T> T onNode(String node, NodeCommand<T> command) throws NodeCommandException {
        SimulatedNode n = nodes.get(node);
        if (n == null) {
            throw new NodeCommandException(node + " is no longer running in this fleet");
        }
        if (n.crashed()) {
            throw new NodeCommandException(node + " is down (its crash fault): it does not answer");
        }
        return command.apply(n);
    }

    /** A command on one simulated node. */
    @FunctionalInterface
    interface NodeCommand<T> {
        T apply(SimulatedNode node) throws NodeCommandException;
    }

    public synchronized Collection<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    public synchronized int size() {
        return nodes.size();
    }

    /** Running nodes per family (every family, zero included), in one consistent snapshot. */
    public synchronized Map<String, Integer> nodesPerFamily() {
        Map<String, Integer> out = new TreeMap<>();
        families.keySet().forEach(f -> out.put(f, 0));
        nodes.values().forEach(n -> out.merge(n.family(), 1, Integer::sum));
        return out;
    }

    long intervalMillis() {
        return interval.toMillis();
    }

    /** Batches and samples handed to the sink so far. */
    public long batchesPublished() {
        return batches.get();
    }

    public long samplesPublished() {
        return samples.get();
    }

    /** Publishes one batch per running node, now. */
    public void tickOnce() {
        tickPhase(0, 1);
    }

    /**
     * Publishes one batch for each running node in phase {@code phase} of {@code phases}, now. The
     * k-th node started is in phase k mod {@code phases}, so the phases share the nodes evenly and a
     * node keeps its phase while it runs.
     */
    public void tickPhase(int phase, int phases) {
        if (phases < 1 || phase < 0 || phase >= phases) {
            throw new IllegalArgumentException("phase " + phase + " of " + phases);
        }
        List<MetricBatch> out;
        synchronized (this) {
            long now = clock.millis();
            Map<String, Integer> upPerFamily = new HashMap<>();
            for (SimulatedNode n : nodes.values()) {
                if (!n.crashed()) {
                    upPerFamily.merge(n.family(), 1, Integer::sum);
                }
            }
            double daily = 1 + 0.1 * Math.sin(2 * Math.PI * (now % (long) DAY_MILLIS) / DAY_MILLIS);
            double seconds = interval.toMillis() / 1000.0;
            out = new ArrayList<>(nodes.size());
            for (SimulatedNode n : nodes.values()) {
                if (startOrder.get(n.node()) % phases != phase) {
                    continue;
                }
                double load = daily * families.get(n.family()).demand() / upPerFamily.getOrDefault(n.family(), 1);
                MetricBatch b = n.tick(now, load, seconds, metrics, topProcesses);
                if (b != null) {
                    out.add(b);
                }
            }
        }
        for (MetricBatch b : out) {
            sink.publish(b);
            batches.incrementAndGet();
            samples.addAndGet(b.getSamples().size());
        }
    }

    /** Ticks every interval on a background thread until {@link #close()}: every node publishes at the same instant. */
    public SimulatedFleet start() {
        return start(1);
    }

    /**
     * Ticks on a background thread until {@link #close()}, every node once per interval, with the
     * nodes spread over {@code phases} evenly spaced instants of the interval (as agents started at
     * different times publish); 1 is {@link #start()}.
     */
    public SimulatedFleet start(int phases) {
        if (phases < 1) {
            throw new IllegalArgumentException("phases must be >= 1, was " + phases);
        }
        AtomicLong next = new AtomicLong();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "numbat-fleet-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(
                () -> safeTick((int) (next.getAndIncrement() % phases), phases),
                0,
                interval.toNanos() / phases,
                TimeUnit.NANOSECONDS);
        LOG.info(
                "simulated fleet of {} nodes in {} families, {} metrics each, ticking every {} ms in {} phases",
                size(),
                families.size(),
                metrics,
                interval.toMillis(),
                phases);
        return this;
    }

    private void safeTick(int phase, int phases) {
        try {
            tickPhase(phase, phases);
        } catch (RuntimeException e) {
            LOG.error("fleet tick failed; next tick will retry", e);
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
