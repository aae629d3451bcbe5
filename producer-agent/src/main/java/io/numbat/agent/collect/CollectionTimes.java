package io.numbat.agent.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long each node's collection took (the agent's side of one tick: the RPCs to a BEAM node, the OSHI or JMX
 * reads), per node: count and total, for the agent's {@code /metrics}. Bounded: past {@link #MAX_NODES} nodes a new
 * node's times are not kept (counted in {@link #untracked}). Any thread.
 */
public final class CollectionTimes {
    /** The most nodes whose times are kept. */
    public static final int MAX_NODES = 10_000;

    /** One node's collections: how many, and their total time. */
    public static final class Timing {
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        public long count() {
            return count.sum();
        }

        public double totalSeconds() {
            return nanos.sum() / 1e9;
        }
    }

    private final Map<String, Timing> byNode = new ConcurrentHashMap<>();
    private final LongAdder untracked = new LongAdder();

    /** Records one collection of {@code node} that took {@code nanos}. */
    public void record(String node, long nanos) {
        Timing t = byNode.get(node);
        if (t == null) {
            if (byNode.size() >= MAX_NODES) {
                untracked.increment();
                return;
            }
            t = byNode.computeIfAbsent(node, n -> new Timing());
        }
        t.count.increment();
        t.nanos.add(Math.max(0, nanos));
    }

    /** The nodes' timings so far (a live view). */
    public Map<String, Timing> byNode() {
        return byNode;
    }

    /** Collections not kept because {@link #MAX_NODES} nodes were known already. */
    public long untracked() {
        return untracked.sum();
    }
}
