package io.numbat.bench;

import io.numbat.agent.fleet.FamilySpec;
import io.numbat.agent.fleet.Fault;
import io.numbat.agent.fleet.SimulatedClock;
import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.fleet.Target;
import io.numbat.platform.cli.DurationConverter;
import io.numbat.processor.alarm.AlarmTypes;
import io.numbat.processor.health.HealthOutput;
import io.numbat.processor.health.HealthRules;
import io.numbat.processor.health.NodeHealth;
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
 * to healthy nodes, in simulated time, through the stream processor's own health rules.
 */
@Command(
        name = "leadtime",
        mixinStandardHelpOptions = true,
        description =
                "Leaks that hit their limit in 5-10 min among healthy nodes, in simulated time; prints the lead time "
                        + "of predicted_exhaustion before each limit and the alarms raised on healthy nodes.")
final class LeadTimeBench implements Callable<Integer> {
    @Option(names = "--healthy", defaultValue = "1000", description = "Healthy nodes (default ${DEFAULT-VALUE}).")
    int healthy;

    @Option(
            names = "--leaks",
            defaultValue = "10",
            description = "Leaking nodes per leak type (default ${DEFAULT-VALUE}).")
    int leaks;

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

    private record Leak(String node, Fault fault, MetricId metric, long hitsLimitAt) {}

    @Override
    public Integer call() {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
        HealthRules.Settings d = HealthRules.Settings.defaults();
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
                                d.bottlenecks()));
        Map<String, NodeHealth> state = new HashMap<>();
        Map<String, Long> firstWarning = new HashMap<>();
        List<String> falseAlarms = new ArrayList<>();
        SimulatedFleet fleet = new SimulatedFleet(
                List.of(
                        new FamilySpec("healthy", healthy, 0.5 * healthy),
                        new FamilySpec("leaky", 3 * leaks, 1.5 * leaks)),
                batch -> {
                    NodeHealth h = state.computeIfAbsent(batch.getNode(), n -> new NodeHealth());
                    for (HealthOutput o : rules.onBatch(h, batch, clock.millis())) {
                        record(o, batch, firstWarning, falseAlarms);
                    }
                },
                interval,
                seed,
                clock);
        long start = clock.millis();
        long injectAt = start + Duration.ofMinutes(5).toMillis();
        List<Leak> planned = plan(injectAt);
        boolean injected = false;
        long wallStart = System.nanoTime();
        while (clock.millis() - start < duration.toMillis()) {
            if (!injected && clock.millis() >= injectAt) {
                for (Leak l : planned) {
                    fleet.inject(l.fault(), Target.node(l.node()), Duration.ofMillis(l.hitsLimitAt() - injectAt));
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
        System.out.printf(
                Locale.ROOT,
                "%d healthy + %d leaking nodes, %s simulated in %.1f s%n",
                healthy,
                planned.size(),
                duration,
                wallSeconds);
        System.out.printf(
                Locale.ROOT,
                "RESULT leadtime min_lead_s=%.0f median_lead_s=%.0f false_alarms=%d missed=%d%n",
                leads.isEmpty() ? 0 : leads.get(0),
                leads.isEmpty() ? 0 : leads.get(leads.size() / 2),
                falseAlarms.size(),
                missed);
        return 0;
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
            HealthOutput o, MetricBatch batch, Map<String, Long> firstWarning, List<String> falseAlarms) {
        if (o.alarm() == null || o.alarm().getState() != AlarmState.RAISED) {
            return;
        }
        var a = o.alarm();
        if (batch.getFamily().equals("healthy")) {
            falseAlarms.add(a.getId() + ": " + a.getCause());
        } else if (AlarmTypes.PREDICTED_EXHAUSTION.equals(a.getType()) && a.getMetric() != null) {
            firstWarning.putIfAbsent(
                    a.getNode() + "/" + a.getMetric(), a.getTimestamp().toEpochMilli());
        }
    }
}
