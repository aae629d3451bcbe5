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
import io.numbat.processor.remedy.FamilyRemediations;
import io.numbat.processor.remedy.RemediationSettings;
import io.numbat.processor.remedy.RemedyOutput;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.AlarmState;
import io.numbat.schemas.DeploymentEvent;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Outages prevented, in simulated time: leaks of each kind (processes, atoms, memory, ETS tables) reach their limit
 * 5 to 60 minutes after they start, on nodes spread over the fleet's families, while healthy nodes keep their daily
 * rhythm and restarts and take short run-queue bursts. The stream processor's health rules raise
 * {@code predicted_exhaustion}; {@link FamilyRemediations} in mode AUTO, with the default settings, replaces the
 * leaking node through a modelled deployer ({@link BenchDeployer}). A leaking node that reaches its limit while still
 * serving is an outage.
 */
@Command(
        name = "prevent",
        mixinStandardHelpOptions = true,
        description = "Leaks reaching their limit in 5-60 min among healthy nodes, in simulated time, remediated in "
                + "mode AUTO through a modelled deployer; prints each remediation and the leaking nodes replaced "
                + "before their limit, the outages and the healthy nodes touched.")
final class PreventBench implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "1000", description = "Nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--families", defaultValue = "10", description = "Families (default ${DEFAULT-VALUE}).")
    int families;

    @Option(names = "--leaks", defaultValue = "30", description = "Leaking nodes (default ${DEFAULT-VALUE}).")
    int leaks;

    @Option(
            names = "--duration",
            defaultValue = "2h",
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

    @Option(
            names = "--launch-failure-rate",
            defaultValue = "0",
            description = "Chance that the modelled deployer fails a launch (default ${DEFAULT-VALUE}).")
    double launchFailureRate;

    @Option(
            names = "--min-time-to-limit",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "Shortest time from a leak's start to its limit (default ${DEFAULT-VALUE}).")
    Duration minTimeToLimit;

    @Option(
            names = "--max-time-to-limit",
            defaultValue = "60m",
            converter = DurationConverter.class,
            description = "Longest time from a leak's start to its limit (default ${DEFAULT-VALUE}).")
    Duration maxTimeToLimit;

    /** Before the first leak: the forecasters and anomaly detectors learn the healthy nodes. */
    private static final Duration WARM_UP = Duration.ofMinutes(10);

    private static final Fault[] LEAKS = {Fault.PROCESS_LEAK, Fault.ATOM_LEAK, Fault.MEMORY_LEAK, Fault.ETS_LEAK};

    private record Leak(String node, String family, Fault fault, long startsAt, long hitsLimitAt) {}

    /** What became of a leaking node. */
    private static final class Fate {
        Long alarmAt;
        Remediation last;
        boolean outage;
    }

    @Override
    public Integer call() {
        if (nodes < families || families < 1 || leaks < 0 || leaks > nodes) {
            throw new IllegalArgumentException("need 1 <= families <= nodes and 0 <= leaks <= nodes");
        }
        if (minTimeToLimit.isNegative() || minTimeToLimit.isZero() || maxTimeToLimit.compareTo(minTimeToLimit) < 0) {
            throw new IllegalArgumentException("need 0 < --min-time-to-limit <= --max-time-to-limit");
        }
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"));
        long start = clock.millis();
        long end = start + duration.toMillis();
        RemediationSettings settings = RemediationSettings.defaults(RemediationMode.AUTO);
        HealthRules rules = new HealthRules(HealthRules.Settings.defaults());

        List<FamilySpec> specs = new ArrayList<>();
        for (int f = 1; f <= families; f++) {
            int n = nodes / families + (f <= nodes % families ? 1 : 0);
            specs.add(new FamilySpec("svc" + f, n, 0.5 * n));
        }
        Map<String, NodeHealth> health = new HashMap<>();
        List<MetricBatch> batches = new ArrayList<>();
        SimulatedFleet fleet = new SimulatedFleet(specs, batches::add, interval, seed, clock);
        BenchDeployer deployer = new BenchDeployer(fleet, seed + 7, 20_000, 60_000, 30_000, launchFailureRate);
        Map<String, FamilyRemediations> remedies = new LinkedHashMap<>();
        for (FamilySpec f : specs) {
            remedies.put(f.name(), new FamilyRemediations(f.name()));
            for (int i = 1; i <= f.initialNodes(); i++) {
                deployer.adopt(f.name() + "-" + i + "@sim", f.name(), start);
            }
        }
        List<Leak> plan = plan(specs, start, end);
        Map<String, Leak> leaking = new HashMap<>();
        plan.forEach(l -> leaking.put(l.node(), l));
        Map<String, Fate> fates = new HashMap<>();
        plan.forEach(l -> fates.put(l.node(), new Fate()));
        Map<String, Remediation> falseRemediations = new LinkedHashMap<>();
        List<String> story = new ArrayList<>();
        Bursts bursts = new Bursts(fleet, specs, leaking.keySet(), seed + 3);

        List<RemedyOutput> outs = new ArrayList<>();
        long wallStart = System.nanoTime();
        int next = 0;
        while (clock.millis() < end) {
            long now = clock.millis();
            while (next < plan.size() && plan.get(next).startsAt() <= now) {
                Leak l = plan.get(next++);
                fleet.inject(l.fault(), Target.node(l.node()), Duration.ofMillis(l.hitsLimitAt() - now));
            }
            bursts.tick(now);
            deployer.advance(now);
            fleet.tickOnce();
            for (MetricBatch b : batches) {
                deployer.reported(b.getNode(), now);
                NodeHealth h = health.computeIfAbsent(b.getNode(), n -> new NodeHealth());
                for (HealthOutput o : rules.onBatch(h, b, now)) {
                    Alarm a = o.alarm();
                    if (a == null || !AlarmTypes.PREDICTED_EXHAUSTION.equals(a.getType())) {
                        continue;
                    }
                    if (a.getState() == AlarmState.RAISED && leaking.containsKey(a.getNode())) {
                        Fate fate = fates.get(a.getNode());
                        if (fate.alarmAt == null) {
                            fate.alarmAt = now;
                        }
                    }
                    outs.add(remedies.get(a.getFamily()).onAlarm(a, settings, now));
                }
            }
            batches.clear();
            for (FamilyRemediations r : remedies.values()) {
                outs.add(r.onTick(settings, now));
            }
            // decisions make deployment events, which move the remediations on, which may decide again
            while (!outs.isEmpty()) {
                for (RemedyOutput out : outs) {
                    for (Remediation r : out.remediations()) {
                        record(r, leaking, fates, falseRemediations, story);
                    }
                    for (ScalingDecision d : out.decisions()) {
                        deployer.execute(d, now);
                    }
                }
                outs.clear();
                deployer.advance(now);
                for (DeploymentEvent e : deployer.drainEvents()) {
                    outs.add(remedies.get(e.getFamily())
                            .onDeployment(e, settings, e.getTimestamp().toEpochMilli()));
                }
            }
            for (Leak l : plan) {
                Fate fate = fates.get(l.node());
                if (!fate.outage && l.hitsLimitAt() <= now && fleet.nodeNames().contains(l.node())) {
                    fate.outage = true;
                }
            }
            clock.advance(interval);
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        story.forEach(System.out::println);
        int changed = 0;
        for (FamilySpec f : specs) {
            int now = fleet.nodesPerFamily().getOrDefault(f.name(), 0);
            if (now != f.initialNodes()) {
                changed++;
                System.out.println("family " + f.name() + " has " + now + " nodes, started with " + f.initialNodes());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d launches failed (injected); %d of %d families end with another size than they started with%n",
                deployer.failedLaunches(),
                changed,
                specs.size());
        return report(plan, fates, deployer, falseRemediations, start, wallSeconds, fleet.size());
    }

    private int report(
            List<Leak> plan,
            Map<String, Fate> fates,
            BenchDeployer deployer,
            Map<String, Remediation> falseRemediations,
            long start,
            double wallSeconds,
            int fleetSize) {
        int prevented = 0;
        int outages = 0;
        List<Double> margins = new ArrayList<>();
        System.out.println();
        for (Leak l : plan) {
            Fate fate = fates.get(l.node());
            Long stopped = deployer.stoppedAt(l.node());
            boolean done = fate.last != null && fate.last.getState() == RemediationState.DONE;
            boolean ok = done && stopped != null && stopped <= l.hitsLimitAt() && !fate.outage;
            if (ok) {
                prevented++;
                margins.add((l.hitsLimitAt() - stopped) / 1000.0);
            }
            if (fate.outage) {
                outages++;
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-14s %-11s limit in %4.1f min at +%5.1f min; alarm %s; %s%s%n",
                    l.node(),
                    l.fault().wireName(),
                    (l.hitsLimitAt() - l.startsAt()) / 60_000.0,
                    (l.hitsLimitAt() - start) / 60_000.0,
                    fate.alarmAt == null
                            ? "none"
                            : String.format(
                                    Locale.ROOT, "%.0f s before the limit", (l.hitsLimitAt() - fate.alarmAt) / 1000.0),
                    fate.last == null ? "no remediation" : fate.last.getState() + ": " + fate.last.getReason(),
                    ok
                            ? String.format(
                                    Locale.ROOT,
                                    " (stopped %.0f s before its limit)",
                                    (l.hitsLimitAt() - stopped) / 1000.0)
                            : fate.outage ? " -> OUTAGE" : " (limit after the run)");
        }
        falseRemediations
                .values()
                .forEach(r -> System.out.println(
                        "false remediation: " + r.getNode() + " " + r.getState() + ": " + r.getReason()));
        margins.sort(Double::compare);
        long leakingJudged = plan.size();
        System.out.printf(
                Locale.ROOT,
                "%d nodes in %d families (%d at the end), %d leaking, %s simulated in %.1f s%n",
                nodes,
                families,
                fleetSize,
                leakingJudged,
                duration,
                wallSeconds);
        System.out.printf(
                Locale.ROOT,
                "RESULT prevent leaking=%d prevented=%d outages=%d false_remediations=%d min_margin_s=%.0f"
                        + " median_margin_s=%.0f%n",
                leakingJudged,
                prevented,
                outages,
                falseRemediations.size(),
                margins.isEmpty() ? 0 : margins.get(0),
                margins.isEmpty() ? 0 : margins.get(margins.size() / 2));
        return 0;
    }

    private static void record(
            Remediation r,
            Map<String, Leak> leaking,
            Map<String, Fate> fates,
            Map<String, Remediation> falseRemediations,
            List<String> story) {
        story.add(String.format(
                Locale.ROOT,
                "%s %-14s %-9s %-8s %s",
                r.getUpdatedAt(),
                r.getNode(),
                r.getState(),
                r.getPlaybook(),
                r.getReason()));
        if (leaking.containsKey(r.getNode())) {
            fates.get(r.getNode()).last = r;
        } else {
            falseRemediations.put(r.getId(), r);
        }
    }

    /**
     * The leaks: kinds in turn, families in turn, a random node of the family; times to limit drawn between 5 and
     * 60 minutes by default; starts staggered after the warm-up so that every limit falls within the run when it can.
     */
    private List<Leak> plan(List<FamilySpec> specs, long start, long end) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Leak> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        long first = start + WARM_UP.toMillis();
        long lastStart = Math.max(
                first, end - maxTimeToLimit.toMillis() - Duration.ofMinutes(5).toMillis());
        long spacing = leaks <= 1 ? 0 : (lastStart - first) / (leaks - 1);
        for (int k = 0; k < leaks; k++) {
            FamilySpec f = specs.get(k % specs.size());
            String node;
            do {
                node = f.name() + "-" + (1 + random.nextInt(f.initialNodes())) + "@sim";
            } while (!taken.add(node));
            long ttl = minTimeToLimit.toMillis()
                    + random.nextLong(maxTimeToLimit.toMillis() - minTimeToLimit.toMillis() + 1);
            long at = first + k * spacing;
            out.add(new Leak(node, f.name(), LEAKS[k % LEAKS.length], at, at + ttl));
        }
        return out;
    }

    /** Short run-queue bursts on healthy nodes: every 5 minutes a few begin, each ends after 1 to 3 minutes. */
    private static final class Bursts {
        private final SimulatedFleet fleet;
        private final List<String> healthy = new ArrayList<>();
        private final SplittableRandom random;
        private final Map<String, Long> endsAt = new HashMap<>();
        private long nextAt;

        Bursts(SimulatedFleet fleet, List<FamilySpec> specs, Set<String> leaking, long seed) {
            this.fleet = fleet;
            this.random = new SplittableRandom(seed);
            for (FamilySpec f : specs) {
                for (int i = 1; i <= f.initialNodes(); i++) {
                    String n = f.name() + "-" + i + "@sim";
                    if (!leaking.contains(n)) {
                        healthy.add(n);
                    }
                }
            }
        }

        void tick(long now) {
            endsAt.entrySet().removeIf(e -> {
                if (e.getValue() <= now) {
                    fleet.recover(Target.node(e.getKey()));
                    return true;
                }
                return false;
            });
            if (now < nextAt || healthy.isEmpty()) {
                return;
            }
            nextAt = now + Duration.ofMinutes(5).toMillis();
            for (int i = 0; i < Math.max(1, healthy.size() / 200); i++) {
                String node = healthy.get(random.nextInt(healthy.size()));
                if (endsAt.putIfAbsent(node, now + 60_000 + random.nextLong(120_001)) == null) {
                    fleet.inject(Fault.RUN_QUEUE_OVERLOAD, Target.node(node), Duration.ofMinutes(2));
                }
            }
        }
    }
}
