package io.numbat.bench;

import io.numbat.agent.fleet.SimulatedFleet;
import io.numbat.agent.publish.MetricPublisher;
import io.numbat.platform.cli.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The processor's capacity: one platform and one processor (child processes, as {@code bench ingest}
 * starts them) are offered more samples at each step, the fleet ticking {@code --factor} times as
 * often as at the step before, until a step the processor cannot keep up with ({@link KeepUpRule}).
 * Each step's measured part follows {@code --settle} unmeasured seconds; in it the committed and end
 * offsets of {@code numbat.metrics} and every process's CPU are sampled at each of the processor's
 * commits (two at least, so a step lasts at least its settling time plus two commit intervals).
 */
@Command(
        name = "capacity",
        mixinStandardHelpOptions = true,
        description = "Raise the load on the stream processor step by step until its lag keeps growing; prints "
                + "each step and the highest samples/s it kept up with, with its CPU per sample.")
final class CapacityBench implements Callable<Integer> {
    @Mixin
    FleetLoad load;

    @Mixin
    IngestSetup setup;

    @Option(
            names = "--factor",
            defaultValue = "1.25",
            description =
                    "Load of each step over the step before; the interval is divided by it (default ${DEFAULT-VALUE}).")
    double factor;

    @Option(names = "--max-steps", defaultValue = "12", description = "Steps at most (default ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(
            names = "--step-duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Length of each step, its settling time included; make its measured part ten ticks or more "
                    + "(default ${DEFAULT-VALUE}).")
    Duration stepDuration;

    @Option(
            names = "--settle",
            defaultValue = "15s",
            converter = DurationConverter.class,
            description = "Unmeasured start of each step, after the load changed (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Override
    public Integer call() throws Exception {
        if (settle.compareTo(stepDuration) >= 0) {
            throw new IllegalArgumentException("--settle must be shorter than --step-duration");
        }
        CapacitySchedule schedule = new CapacitySchedule(load.nodes, load.metrics, load.interval, factor, maxSteps);
        Path dir = BenchDirectory.create();
        try (IngestRig rig = setup.start(dir)) {
            MetricPublisher publisher = load.publisher(rig.cluster(), rig.registry(), dir);
            try {
                run(schedule, publisher, rig.probe());
            } finally {
                publisher.close(Duration.ofSeconds(10));
            }
        }
        return 0;
    }

    private void run(CapacitySchedule schedule, MetricPublisher publisher, IngestProbe probe) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "capacity: %,d nodes x %d metrics, every %s at first, %.2fx the load per step, "
                        + "up to %d steps of %s (%s settling), %s, %d broker(s)%s%n",
                load.nodes,
                load.metrics,
                load.interval,
                factor,
                schedule.steps(),
                stepDuration,
                settle,
                setup.guarantee(),
                setup.brokers,
                load.spread ? ", publish times spread" : "");
        StepMeasurement best = null;
        int bestStep = -1;
        boolean saturated = false;
        for (int step = 0; step < schedule.steps() && !saturated; step++) {
            Duration every = schedule.interval(step);
            SimulatedFleet fleet = load.startFleet(publisher, every);
            try {
                Duration warmUp = step == 0 ? every.multipliedBy(2).plusSeconds(10) : Duration.ZERO;
                Thread.sleep(warmUp.plus(settle).toMillis());
                StepMeasurement m = measure(probe);
                long lagLimit = schedule.lagLimit(step, setup.commitInterval());
                boolean keepsUp = KeepUpRule.DEFAULT.keepsUp(m, lagLimit, schedule.offeredPerSecond(step));
                print(step, every, schedule.offeredPerSecond(step), m, lagLimit, keepsUp);
                if (keepsUp) {
                    best = m;
                    bestStep = step;
                } else {
                    saturated = true;
                }
            } finally {
                fleet.close();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT capacity max_samples_per_s=%.0f processor_cpu_us_per_sample=%.2f "
                        + "e2e_cpu_us_per_sample=%.2f interval_ms=%d saturated=%b spread=%b brokers=%d exactly_once=%b%n",
                best == null ? 0 : best.processedPerSecond(),
                best == null ? -1 : best.processorCpuUsPerSample(),
                best == null ? -1 : best.e2eCpuUsPerSample(),
                bestStep < 0 ? -1 : schedule.interval(bestStep).toMillis(),
                saturated,
                load.spread,
                setup.brokers,
                setup.exactlyOnce);
    }

    /**
     * Snapshots at the processor's commits during the step's measured part (its length after the
     * settling time), at least two: committed offsets are exact only at a commit.
     */
    private StepMeasurement measure(IngestProbe probe) throws InterruptedException, ExecutionException {
        long end = System.nanoTime() + stepDuration.minus(settle).toNanos();
        Duration wait = setup.commitInterval().multipliedBy(3);
        List<IngestSnapshot> commits = new ArrayList<>();
        IngestSnapshot last = probe.snapshot();
        while (System.nanoTime() < end || commits.size() < 2) {
            IngestSnapshot next = probe.nextCommit(last, wait);
            if (next.committed() == last.committed()) { // no commit for three intervals: it stalled
                commits.add(last);
                commits.add(next);
                break;
            }
            commits.add(next);
            last = next;
        }
        return new StepMeasurement(commits, load.metrics);
    }

    private static void print(
            int step, Duration every, double offered, StepMeasurement m, long lagLimit, boolean keepsUp) {
        System.out.printf(
                Locale.ROOT,
                "step %d interval_ms=%d offered_samples_per_s=%.0f published_samples_per_s=%.0f "
                        + "samples_per_s=%.0f lag_first=%d lag_last=%d lag_growth=%.0f lag_limit=%d processor_cores=%.2f "
                        + "platform_cores=%.2f processor_cpu_us_per_sample=%.2f e2e_cpu_us_per_sample=%.2f keeps_up=%b%n",
                step,
                every.toMillis(),
                offered,
                m.publishedPerSecond(),
                m.processedPerSecond(),
                m.first().lag(),
                m.last().lag(),
                m.lagGrowth(),
                lagLimit,
                m.processorCores(),
                m.platformCores(),
                m.processorCpuUsPerSample(),
                m.e2eCpuUsPerSample(),
                keepsUp);
    }
}
