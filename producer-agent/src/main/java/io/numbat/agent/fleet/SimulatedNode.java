package io.numbat.agent.fleet;

import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated BEAM node: gauges that follow the family's load with a daily rhythm and noise,
 * counters that grow and now and then reset (a restart), the node's limits, and injected faults
 * that push a metric towards its limit at a steady rate. Deterministic for a given seed and
 * sequence of ticks and faults.
 */
final class SimulatedNode {
    /** Ids of extra application metrics, beyond the BEAM ones, start here. */
    static final int APP_METRIC_BASE = 1000;
    /** What a runaway process burns: about a whole scheduler. */
    static final double RUNAWAY_REDUCTIONS_PER_SECOND = 4e6;
    /** What a process flooding its own mailbox burns sending: a quarter of a scheduler. */
    static final double FLOOD_REDUCTIONS_PER_SECOND = 1e6;
    /** Chance per tick that the node restarts on its own (its counters reset). */
    private static final double RESTART_CHANCE = 1e-5;

    private static final MetricId[] BEAM_METRICS = {
        MetricId.SCHEDULER_UTILISATION, MetricId.PROCESS_COUNT, MetricId.MEMORY_TOTAL, MetricId.ATOM_COUNT,
        MetricId.ETS_COUNT, MetricId.PORT_COUNT, MetricId.RUN_QUEUE, MetricId.MAX_MESSAGE_QUEUE,
        MetricId.MEMORY_PROCESSES, MetricId.MEMORY_PROCESSES_USED, MetricId.MEMORY_SYSTEM, MetricId.MEMORY_ATOM,
        MetricId.MEMORY_ATOM_USED, MetricId.MEMORY_BINARY, MetricId.MEMORY_CODE, MetricId.MEMORY_ETS,
        MetricId.REDUCTIONS, MetricId.CONTEXT_SWITCHES, MetricId.GC_COUNT, MetricId.GC_WORDS_RECLAIMED,
        MetricId.IO_INPUT_BYTES, MetricId.IO_OUTPUT_BYTES, MetricId.UPTIME,
    };
    private static final List<Sample> LIMITS = List.of(
            new Sample(MetricId.PROCESS_COUNT.id(), NodeLimits.PROCESS_LIMIT),
            new Sample(MetricId.PORT_COUNT.id(), NodeLimits.PORT_LIMIT),
            new Sample(MetricId.ATOM_COUNT.id(), NodeLimits.ATOM_LIMIT),
            new Sample(MetricId.ETS_COUNT.id(), NodeLimits.ETS_LIMIT),
            new Sample(MetricId.MEMORY_TOTAL.id(), NodeLimits.MEMORY_LIMIT));

    /** A fault in progress: since when, and how fast it pushes its metric. */
    private record Active(long sinceMillis, double perSecond) {}

    private final String node;
    private final String family;
    private final SplittableRandom random;
    private final double baseProcesses;
    private final double baseAtoms;
    private final double baseEts;
    private final double[] appMetrics;
    private final SimulatedProcesses processList;
    private final Map<Fault, Active> faults = new EnumMap<>(Fault.class);
    private List<ProcessQueue> lastProcesses = List.of();
    private long sequence;
    private long startedMillis = -1;
    private double leakedAtoms;
    private final double[] counters = new double[6];

    SimulatedNode(String node, String family, long seed, int appMetricCount) {
        this.node = node;
        this.family = family;
        this.random = new SplittableRandom(seed);
        this.baseProcesses = 800 + random.nextInt(400);
        this.baseAtoms = 18_000 + random.nextInt(2_000);
        this.baseEts = 50 + random.nextInt(30);
        this.processList = new SimulatedProcesses(seed * 0x9E3779B97F4A7C15L + 1);
        this.appMetrics = new double[Math.max(0, appMetricCount)];
        for (int i = 0; i < appMetrics.length; i++) {
            appMetrics[i] = random.nextDouble() * 1_000;
        }
    }

    String node() {
        return node;
    }

    String family() {
        return family;
    }

    boolean crashed() {
        return faults.containsKey(Fault.CRASH);
    }

    /** Starts a fault now; a leak reaches its limit after {@code timeToLimit}. Re-injecting keeps the first. */
    void inject(Fault fault, long nowMillis, Duration timeToLimit) {
        double seconds = Math.max(1, timeToLimit.toMillis() / 1000.0);
        double perSecond = switch (fault) {
            case PROCESS_LEAK -> (NodeLimits.PROCESS_LIMIT - processes(0.5, nowMillis)) / seconds;
            case ATOM_LEAK -> (NodeLimits.ATOM_LIMIT - atoms(nowMillis)) / seconds;
            case ETS_LEAK -> (NodeLimits.ETS_LIMIT - ets(nowMillis)) / seconds;
            case MEMORY_LEAK, MEMORY_HOG -> (NodeLimits.MEMORY_LIMIT - memory(0.5, nowMillis)) / seconds;
            case MESSAGE_QUEUE_BUILDUP, MAILBOX_FLOOD -> 1_000_000 / seconds;
            case RUNAWAY_PROCESS -> RUNAWAY_REDUCTIONS_PER_SECOND;
            case RUN_QUEUE_OVERLOAD -> 200 / seconds;
            case CRASH -> 0;
        };
        faults.putIfAbsent(fault, new Active(nowMillis, perSecond));
    }

    /** Ends every fault; a crashed node restarts. Leaked atoms stay: the BEAM never frees atoms. */
    void recover(long nowMillis) {
        if (faults.containsKey(Fault.ATOM_LEAK)) {
            leakedAtoms = atoms(nowMillis) - baseAtoms;
        }
        if (crashed()) {
            restart(nowMillis);
        }
        faults.clear();
    }

    private void restart(long nowMillis) {
        startedMillis = nowMillis;
        Arrays.fill(counters, 0);
    }

    private double leaked(Fault fault, long nowMillis) {
        Active a = faults.get(fault);
        return a == null ? 0 : a.perSecond() * Math.max(0, nowMillis - a.sinceMillis()) / 1000.0;
    }

    private double processes(double utilisation, long now) {
        return Math.min(NodeLimits.PROCESS_LIMIT, baseProcesses * (1 + utilisation) + leaked(Fault.PROCESS_LEAK, now));
    }

    private double atoms(long now) {
        return Math.min(NodeLimits.ATOM_LIMIT, baseAtoms + leakedAtoms + leaked(Fault.ATOM_LEAK, now));
    }

    private double ets(long now) {
        return Math.min(NodeLimits.ETS_LIMIT, baseEts + leaked(Fault.ETS_LEAK, now));
    }

    private double memory(double utilisation, long now) {
        double m = 40e6
                + processes(utilisation, now) * 2_800
                + atoms(now) * 60
                + ets(now) * 20_000
                + leaked(Fault.MEMORY_LEAK, now)
                + heldByCulprits(now);
        return Math.min(NodeLimits.MEMORY_LIMIT, m);
    }

    /** Process memory held by the culprits of the process faults: queued messages and the hog's data. */
    private double heldByCulprits(long now) {
        return (leaked(Fault.MESSAGE_QUEUE_BUILDUP, now) + leaked(Fault.MAILBOX_FLOOD, now))
                        * SimulatedProcesses.MESSAGE_BYTES
                + leaked(Fault.MEMORY_HOG, now);
    }

    /** What the process faults amount to now, over a tick of {@code intervalSeconds}. */
    private SimulatedProcesses.Culprits culprits(long now, double intervalSeconds) {
        return new SimulatedProcesses.Culprits(
                faults.containsKey(Fault.RUNAWAY_PROCESS)
                        ? Math.round(RUNAWAY_REDUCTIONS_PER_SECOND * intervalSeconds)
                        : 0,
                Math.round(leaked(Fault.MAILBOX_FLOOD, now)),
                faults.containsKey(Fault.MAILBOX_FLOOD) ? Math.round(FLOOD_REDUCTIONS_PER_SECOND * intervalSeconds) : 0,
                Math.round(leaked(Fault.MEMORY_HOG, now)),
                Math.round(leaked(Fault.MESSAGE_QUEUE_BUILDUP, now)));
    }

    /**
     * The next batch of {@code metricCount} samples, utilisation around {@code load} (0..1),
     * or null while the node is crashed.
     */
    MetricBatch tick(long now, double load, double intervalSeconds, int metricCount, int topProcesses) {
        if (crashed()) {
            return null;
        }
        if (startedMillis < 0 || random.nextDouble() < RESTART_CHANCE) {
            restart(now);
        }
        boolean overloaded = faults.containsKey(Fault.RUN_QUEUE_OVERLOAD);
        double u = overloaded ? 1.0 : clamp(load + random.nextGaussian() * 0.03, 0, 1);
        double processes = processes(u, now) + random.nextInt(50);
        double memory = memory(u, now) + random.nextInt(1_000_000);
        double runQueue =
                Math.max(0, Math.round((u - 0.7) * 40 + random.nextGaussian())) + leaked(Fault.RUN_QUEUE_OVERLOAD, now);
        double nodeReductions = u * 4e6 * intervalSeconds;
        SimulatedProcesses.Culprits culprits = culprits(now, intervalSeconds);
        counters[0] += nodeReductions + culprits.runawayReductions() + culprits.floodReductions(); // reductions
        counters[1] += u * 2e4 * intervalSeconds; // context switches
        counters[2] += u * 500 * intervalSeconds; // garbage collections
        counters[3] += u * 3e6 * intervalSeconds; // words reclaimed
        counters[4] += u * 2e5 * intervalSeconds; // io in
        counters[5] += u * 4e5 * intervalSeconds; // io out
        for (int i = 0; i < appMetrics.length; i++) {
            appMetrics[i] = Math.max(0, appMetrics[i] + random.nextGaussian() * 5);
        }
        List<Sample> samples = new ArrayList<>(metricCount);
        for (int i = 0; i < metricCount; i++) {
            if (i < BEAM_METRICS.length) {
                MetricId m = BEAM_METRICS[i];
                samples.add(new Sample(m.id(), beamValue(m, u, processes, memory, runQueue, now)));
            } else if (i - BEAM_METRICS.length < appMetrics.length) {
                samples.add(new Sample(APP_METRIC_BASE + i - BEAM_METRICS.length, appMetrics[i - BEAM_METRICS.length]));
            }
        }
        List<ProcessQueue> running = processList.tick(nodeReductions, culprits);
        lastProcesses = running;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).getMetric() == MetricId.MAX_MESSAGE_QUEUE.id()) {
                // the flooded mailbox is the longest when it outgrows the usual few messages
                samples.set(
                        i,
                        new Sample(
                                MetricId.MAX_MESSAGE_QUEUE.id(),
                                Math.max(samples.get(i).getValue(), (double) culprits.floodedQueue())));
            }
        }
        MetricBatch.Builder b = MetricBatch.newBuilder()
                .setNode(node)
                .setFamily(family)
                .setTimestamp(Instant.ofEpochMilli(now))
                .setSequence(sequence++)
                .setSamples(samples)
                .setLimits(LIMITS);
        if (topProcesses > 0) {
            b.setQueues(SimulatedProcesses.top(running, ProcessQueue::getLength, true, topProcesses))
                    .setTopReductions(SimulatedProcesses.top(running, ProcessQueue::getReductions, true, topProcesses))
                    .setTopMemory(SimulatedProcesses.top(running, ProcessQueue::getMemory, false, topProcesses))
                    .setTopWindowMillis(Math.round(intervalSeconds * 1000));
        }
        return b.build();
    }

    private double beamValue(MetricId m, double u, double processes, double memory, double runQueue, long now) {
        return switch (m) {
            case SCHEDULER_UTILISATION -> u;
            case PROCESS_COUNT -> Math.min(NodeLimits.PROCESS_LIMIT, Math.round(processes));
            case MEMORY_TOTAL -> Math.round(memory);
            case ATOM_COUNT -> Math.round(atoms(now));
            case ETS_COUNT -> Math.round(ets(now));
            case PORT_COUNT -> 40 + random.nextInt(10);
            case RUN_QUEUE -> runQueue;
            case MAX_MESSAGE_QUEUE -> random.nextInt(5) + Math.round(leaked(Fault.MESSAGE_QUEUE_BUILDUP, now));
            case MEMORY_PROCESSES -> Math.round(processes * 2_800 + heldByCulprits(now));
            case MEMORY_PROCESSES_USED -> Math.round(processes * 2_700 + heldByCulprits(now));
            case MEMORY_SYSTEM -> Math.max(0, Math.round(memory - processes * 2_800 - heldByCulprits(now)));
            case MEMORY_ATOM -> Math.round(atoms(now) * 64);
            case MEMORY_ATOM_USED -> Math.round(atoms(now) * 60);
            case MEMORY_BINARY -> Math.round(2e6 + u * 8e6);
            case MEMORY_CODE -> 12_000_000;
            case MEMORY_ETS -> Math.round(ets(now) * 20_000);
            case REDUCTIONS -> Math.round(counters[0]);
            case CONTEXT_SWITCHES -> Math.round(counters[1]);
            case GC_COUNT -> Math.round(counters[2]);
            case GC_WORDS_RECLAIMED -> Math.round(counters[3]);
            case IO_INPUT_BYTES -> Math.round(counters[4]);
            case IO_OUTPUT_BYTES -> Math.round(counters[5]);
            case UPTIME -> Math.round((now - startedMillis) / 1000.0);
            default -> 0;
        };
    }

    /** The processes of the last tick (empty before the first). */
    List<ProcessQueue> processes() {
        return lastProcesses;
    }

    /**
     * Ends the fault whose culprit {@code pid} is (a killed runaway, flooded or hogging process is gone) and drops
     * it from the process list; returns the fault, if it was one's culprit.
     */
    Optional<Fault> killProcess(String pid) {
        lastProcesses =
                lastProcesses.stream().filter(p -> !p.getPid().equals(pid)).toList();
        Optional<Fault> fault = SimulatedProcesses.faultOf(pid);
        fault.ifPresent(faults::remove);
        return fault;
    }

    static int beamMetricCount() {
        return BEAM_METRICS.length;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
