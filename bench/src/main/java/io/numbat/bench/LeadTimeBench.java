package io.numbat.bench;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.Fault;
import io.numbat.agent.fleet.SimulatedClock;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.fleet.Target;
import io.numbat.platform.cli.DetectorKindConverter;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.processor.anomaly.AnomalyDetector;
import io.numbat.processor.bottleneck.FamilyBottlenecks;
import io.numbat.processor.bottleneck.Measure;
import io.numbat.processor.health.HealthOutput;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.health.NodeHealth;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How early {@code predicted_exhaustion} warns, and how often it cries wolf: the fleet simulator's
 * process, atom and memory leaks (each reaching its limit 5–10 minutes after it starts) run next
 * to healthy nodes, in simulated time, through the stream processor's own health rules. Bottleneck
 * faults (a runaway process, a mailbox flood, a memory hog) run on nodes of their own, and the
 * {@code bottleneck} alarms are counted apart: per node and per family (the processor's family rules
 * fed with the nodes' signals), found on the faulty nodes and false on every other node and family.
 */
@Command(
        name = "leadtime",
        mixinStandardHelpOptions = true,
        description =
                "Leaks that hit their limit in 5-10 min, and bottleneck faults, among healthy nodes, in simulated "
                        + "time; prints the lead time of predicted_exhaustion before each limit, the alarms raised on "
                        + "healthy nodes, and the bottleneck alarms: found on faulty nodes, false on the others.")
final class LeadTimeBench implements Callable<Integer> {
    @Option(names = "--healthy", defaultValue = "1000", description = "Healthy nodes (default ${DEFAULT-VALUE}).")
    int healthy;

    @Option(
            names = "--leaks",
            defaultValue = "10",
            description = "Leaking nodes per leak type (default ${DEFAULT-VALUE}).")
    int leaks;

    @Option(
            names = "--bottlenecks",
            defaultValue = "10",
            description =
                    "Nodes per bottleneck fault: runaway_process, mailbox_flood, memory_hog (default ${DEFAULT-VALUE}).")
    int bottlenecks;

    @Option(
            names = "--duration",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Simulated time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--interval",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Collection interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--anomaly-threshold", description = "Anomaly alarm threshold (default: the processor's).")
    Double anomalyThreshold;

    @Option(
            names = "--anomaly-detector",
            paramLabel = "transition|seasonal|ensemble",
            defaultValue = AnomalyDetector.DEFAULT_KIND_NAME,
            converter = DetectorKindConverter.class,
            description = "The anomaly detector, as 'numbat processor --anomaly-detector' (default ${DEFAULT-VALUE}).")
    AnomalyDetector.Kind anomalyDetector;

    private record Leak(String node, Fault fault, MetricId metric, long hitsLimitAt) {}

    /** A bottleneck fault on {@code node}, which the alarm of {@code measure} should find. */
    private record Bottleneck(String node, Fault fault, Measure measure, long hitsLimitAt) {}

    /** The bottleneck alarms raised: the first per node and measure, and those on nodes or families without a fault. */
    private static final class BottleneckAlarms {
        final Map<String, Long> first = new HashMap<>();
        final List<String> falseOnNodes = new ArrayList<>();
        final List<String> falseOnFamilies = new ArrayList<>();
        final List<String> onFamilies = new ArrayList<>();
        /** On a faulty node, by another measure than the fault's (a mailbox flood's memory, say). */
        final List<String> otherOnFaulty = new ArrayList<>();

        int raised;
    }

    @Override
    public Integer call() {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
        HealthRules.Settings d = HealthRules.Settings.defaults().withAnomalyDetector(anomalyDetector);
        HealthRules rules = new HealthRules(
                anomalyThreshold == null
                        ? d
                        : new HealthRules.Settings(
                                d.limits(),
                                d.messageQueue(),
                                d.raiseBelow(),
                                d.clearAfterMisses(),
                                d.nodeDownAfter(),
                                d.forecast(),
                                d.anomalyMetrics(),
                                anomalyThreshold,
                                d.anomalyQuietSamples(),
                                d.bottlenecks(),
                                d.anomalyDetector()));
        Map<String, NodeHealth> state = new HashMap<>();
        Map<String, Long> firstWarning = new HashMap<>();
        List<String> falseAlarms = new ArrayList<>();
        long start = clock.millis();
        long injectAt = start + Duration.ofMinutes(5).toMillis();
        List<Leak> planned = plan(injectAt);
        List<Bottleneck> hot = planBottlenecks(injectAt);
        Map<String, Bottleneck> hotByNode = new HashMap<>();
        hot.forEach(b -> hotByNode.put(b.node(), b));
        Map<String, FamilyBottlenecks> families = new HashMap<>();
        List<Alarm> familyOut = new ArrayList<>();
        BottleneckAlarms found = new BottleneckAlarms();
        List<FamilySpec> specs = new ArrayList<>(List.of(
                new FamilySpec("healthy", healthy, 0.5 * healthy), new FamilySpec("leaky", 3 * leaks, 1.5 * leaks)));
        if (bottlenecks > 0) {
            specs.add(new FamilySpec("hot", 3 * bottlenecks, 1.5 * bottlenecks));
        }
        SimulatedFleet fleet = new SimulatedFleet(
                specs,
                batch -> {
                    NodeHealth h = state.computeIfAbsent(batch.getNode(), n -> new NodeHealth());
                    for (HealthOutput o : rules.onBatch(h, batch, clock.millis())) {
                        if (o.isSignal()) {
                            families.computeIfAbsent(o.signal().family(), f -> new FamilyBottlenecks())
                                    .onSignal(o.signal(), d.bottlenecks(), familyOut);
                            familyOut.forEach(a -> recordFamily(a, found));
                            familyOut.clear();
                        } else {
                            record(o, batch, firstWarning, falseAlarms, hotByNode, found);
                        }
                    }
                },
                interval,
                seed,
                clock);
        boolean injected = false;
        long wallStart = System.nanoTime();
        while (clock.millis() - start < duration.toMillis()) {
            if (!injected && clock.millis() >= injectAt) {
                for (Leak l : planned) {
                    fleet.inject(l.fault(), Target.node(l.node()), Duration.ofMillis(l.hitsLimitAt() - injectAt));
                }
                for (Bottleneck b : hot) {
                    fleet.inject(b.fault(), Target.node(b.node()), Duration.ofMillis(b.hitsLimitAt() - injectAt));
                }
                injected = true;
            }
            fleet.tickOnce();
            clock.advance(interval);
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        List<Double> leads = new ArrayList<>();
        int missed = 0;
        for (Leak l : planned) {
            Long warned = firstWarning.get(l.node() + "/" + l.metric().id());
            if (warned == null || warned > l.hitsLimitAt()) {
                missed++;
                System.out.printf(
                        Locale.ROOT, "%-22s %-13s missed%n", l.node(), l.fault().wireName());
            } else {
                leads.add((l.hitsLimitAt() - warned) / 1000.0);
            }
        }
        leads.sort(Double::compare);
        falseAlarms.forEach(a -> System.out.println("false alarm: " + a));
        for (Fault f : List.of(Fault.PROCESS_LEAK, Fault.ATOM_LEAK, Fault.MEMORY_LEAK)) {
            List<Double> of = new ArrayList<>();
            for (Leak l : planned) {
                Long w = firstWarning.get(l.node() + "/" + l.metric().id());
                if (l.fault() == f && w != null && w <= l.hitsLimitAt()) {
                    of.add((l.hitsLimitAt() - w) / 1000.0);
                }
            }
            of.sort(Double::compare);
            System.out.printf(
                    Locale.ROOT,
                    "%-13s warned %d of %d, lead %s s%n",
                    f.wireName(),
                    of.size(),
                    leaks,
                    of.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f..%.0f", of.get(0), of.get(of.size() - 1)));
        }
        int bottlenecksFound = reportBottlenecks(hot, injectAt, found);
        System.out.printf(
                Locale.ROOT,
                "%d healthy + %d leaking + %d bottleneck nodes, %s simulated in %.1f s%n",
                healthy,
                planned.size(),
                hot.size(),
                duration,
                wallSeconds);
        System.out.printf(
                Locale.ROOT,
                "RESULT leadtime min_lead_s=%.0f median_lead_s=%.0f false_alarms=%d missed=%d"
                        + " bottlenecks_found=%d/%d false_bottleneck_alarms=%d false_family_bottleneck_alarms=%d%n",
                leads.isEmpty() ? 0 : leads.get(0),
                leads.isEmpty() ? 0 : leads.get(leads.size() / 2),
                falseAlarms.size(),
                missed,
                bottlenecksFound,
                hot.size(),
                found.falseOnNodes.size(),
                found.falseOnFamilies.size());
        return 0;
    }

    /** Prints what the bottleneck alarms found and the false ones; returns how many faults were found. */
    private static int reportBottlenecks(List<Bottleneck> hot, long injectAt, BottleneckAlarms found) {
        found.falseOnNodes.forEach(a -> System.out.println("false bottleneck alarm: " + a));
        found.falseOnFamilies.forEach(a -> System.out.println("false family bottleneck alarm: " + a));
        found.onFamilies.forEach(a -> System.out.println("family bottleneck alarm: " + a));
        found.otherOnFaulty.forEach(
                a -> System.out.println("bottleneck alarm of another measure on a faulty node, " + a));
        int total = 0;
        for (Fault f : List.of(Fault.RUNAWAY_PROCESS, Fault.MAILBOX_FLOOD, Fault.MEMORY_HOG)) {
            List<Double> after = new ArrayList<>();
            int of = 0;
            Measure measure = null;
            for (Bottleneck b : hot) {
                if (b.fault() != f) {
                    continue;
                }
                of++;
                measure = b.measure();
                Long at = found.first.get(b.node() + "/" + b.measure().metric().id());
                if (at != null) {
                    after.add((at - injectAt) / 1000.0);
                }
            }
            if (of == 0) {
                continue;
            }
            after.sort(Double::compare);
            total += after.size();
            System.out.printf(
                    Locale.ROOT,
                    "%-15s found %d of %d by the %s alarm, %s s after the fault started%n",
                    f.wireName(),
                    after.size(),
                    of,
                    measure.metric().metricName(),
                    after.isEmpty()
                            ? "-"
                            : String.format(Locale.ROOT, "%.0f..%.0f", after.get(0), after.get(after.size() - 1)));
        }
        System.out.printf(
                Locale.ROOT,
                "bottleneck alarms: %d raised on nodes, %d false (on nodes without a bottleneck fault); "
                        + "%d family alarms, %d false (on families without one)%n",
                found.raised,
                found.falseOnNodes.size(),
                found.onFamilies.size() + found.falseOnFamilies.size(),
                found.falseOnFamilies.size());
        return total;
    }

    private List<Bottleneck> planBottlenecks(long injectAt) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        List<Bottleneck> out = new ArrayList<>();
        Fault[] faults = {Fault.RUNAWAY_PROCESS, Fault.MAILBOX_FLOOD, Fault.MEMORY_HOG};
        Measure[] measures = {Measure.REDUCTIONS, Measure.MAILBOX, Measure.MEMORY};
        for (int f = 0; f < faults.length; f++) {
            for (int i = 0; i < bottlenecks; i++) {
                String node = "hot-" + (f * bottlenecks + i + 1) + "@sim";
                long ttl = Duration.ofMinutes(5).toMillis()
                        + random.nextLong(Duration.ofMinutes(5).toMillis() + 1);
                out.add(new Bottleneck(node, faults[f], measures[f], injectAt + ttl));
            }
        }
        return out;
    }

    private List<Leak> plan(long injectAt) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Leak> out = new ArrayList<>();
        Fault[] faults = {Fault.PROCESS_LEAK, Fault.ATOM_LEAK, Fault.MEMORY_LEAK};
        MetricId[] metrics = {MetricId.PROCESS_COUNT, MetricId.ATOM_COUNT, MetricId.MEMORY_TOTAL};
        for (int f = 0; f < faults.length; f++) {
            for (int i = 0; i < leaks; i++) {
                String node = "leaky-" + (f * leaks + i + 1) + "@sim";
                long ttl = Duration.ofMinutes(5).toMillis()
                        + random.nextLong(Duration.ofMinutes(5).toMillis() + 1);
                out.add(new Leak(node, faults[f], metrics[f], injectAt + ttl));
            }
        }
        return out;
    }

    private static void record(
            HealthOutput o,
            MetricBatch batch,
            Map<String, Long> firstWarning,
            List<String> falseAlarms,
            Map<String, Bottleneck> hot,
            BottleneckAlarms found) {
        if (o.alarm() == null || o.alarm().getState() != AlarmState.RAISED) {
            return;
        }
        var a = o.alarm();
        if (AlarmTypes.BOTTLENECK.equals(a.getType())) {
            found.raised++;
            found.first.putIfAbsent(
                    a.getNode() + "/" + a.getMetric(), a.getTimestamp().toEpochMilli());
            Bottleneck fault = hot.get(a.getNode());
            if (fault == null) {
                found.falseOnNodes.add(a.getId() + ": " + a.getCause());
            } else if (!Integer.valueOf(fault.measure().metric().id()).equals(a.getMetric())) {
                found.otherOnFaulty.add(fault.fault().wireName() + ": " + a.getId() + ": " + a.getCause());
            }
        }
        if (batch.getFamily().equals("healthy")) {
            falseAlarms.add(a.getId() + ": " + a.getCause());
        } else if (AlarmTypes.PREDICTED_EXHAUSTION.equals(a.getType()) && a.getMetric() != null) {
            firstWarning.putIfAbsent(
                    a.getNode() + "/" + a.getMetric(), a.getTimestamp().toEpochMilli());
        }
    }

    /** A family bottleneck alarm raised: false on a family without bottleneck faults ({@code hot} has them). */
    private static void recordFamily(Alarm a, BottleneckAlarms found) {
        if (a.getState() != AlarmState.RAISED) {
            return;
        }
        (a.getFamily().equals("hot") ? found.onFamilies : found.falseOnFamilies).add(a.getId() + ": " + a.getCause());
    }
}
