package io.numbat.agent.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many simulated BEAM nodes in one process, grouped into families whose total demand is shared by
 * the family's running nodes. Every tick each node publishes one batch. Nodes can be started and
 * stopped while it runs (the deployer's {@code simulated} provider does this). Seeded: the same
 * seed and the same sequence of starts gives the same metrics.
 */
public final class SimulatedFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFleet.class);

    private final Map<String, FamilySpec> families = new ConcurrentHashMap<>();
    private final Map<String, SimulatedNode> nodes = new ConcurrentHashMap<>();
    private final BatchSink sink;
    private final Duration interval;
    private final long seed;
    private final Clock clock;
    private ScheduledExecutorService ticker;

    public SimulatedFleet(List<FamilySpec> families, BatchSink sink, Duration interval, long seed, Clock clock) {
        this.sink = Objects.requireNonNull(sink);
        this.interval = Objects.requireNonNull(interval);
        this.seed = seed;
        this.clock = clock;
        for (FamilySpec f : families) {
            this.families.put(f.name(), f);
            for (int i = 1; i <= f.initialNodes(); i++) {
                startNode(f.name() + "-" + i + "@sim", f.name());
            }
        }
    }

    /** Starts a node of {@code family} named {@code node}; starting a running node does nothing. */
    public void startNode(String node, String family) {
        if (!families.containsKey(family)) {
            throw new IllegalArgumentException("unknown family '" + family + "'; known: " + families.keySet());
        }
        nodes.computeIfAbsent(node, n -> new SimulatedNode(n, family, seed ^ n.hashCode()));
    }

    /** Stops a node; returns false if it was not running. */
    public boolean stopNode(String node) {
        return nodes.remove(node) != null;
    }

    public Collection<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    public int size() {
        return nodes.size();
    }

    /** Publishes one batch per running node, now. */
    public void tickOnce() {
        long now = clock.millis();
        Map<String, Integer> upPerFamily = new ConcurrentHashMap<>();
        List<SimulatedNode> snapshot = new ArrayList<>(nodes.values());
        for (SimulatedNode n : snapshot) {
            upPerFamily.merge(n.family(), 1, Integer::sum);
        }
        double seconds = interval.toMillis() / 1000.0;
        for (SimulatedNode n : snapshot) {
            double load = families.get(n.family()).demand() / upPerFamily.get(n.family());
            sink.publish(n.tick(now, load, seconds));
        }
    }

    /** Ticks every interval on a background thread until {@link #close()}. */
    public SimulatedFleet start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "numbat-fleet-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::safeTick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("simulated fleet of {} nodes in {} families ticking every {} ms",
                nodes.size(), families.size(), interval.toMillis());
        return this;
    }

    private void safeTick() {
        try {
            tickOnce();
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
