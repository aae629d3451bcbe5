package io.numbat.bench;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The measured part of one capacity step: {@link IngestSnapshot}s taken at even times. Rates are
 * the slopes of least-squares lines through the snapshots rather than the difference of the first
 * and last, because offsets move in jumps (a tick's burst, a commit every second) and the slope
 * evens them out.
 */
record StepMeasurement(List<IngestSnapshot> snapshots, int metrics) {
    StepMeasurement {
        if (snapshots.size() < 2) {
            throw new IllegalArgumentException("a step needs two or more snapshots, had " + snapshots.size());
        }
        snapshots = List.copyOf(snapshots);
    }

    IngestSnapshot first() {
        return snapshots.get(0);
    }

    IngestSnapshot last() {
        return snapshots.get(snapshots.size() - 1);
    }

    double seconds() {
        return last().secondsSince(first());
    }

    /** Samples per second the processor committed. */
    double processedPerSecond() {
        return LeastSquares.slope(times(), series(IngestSnapshot::committed)) * metrics;
    }

    /** Samples per second that reached {@code numbat.metrics}. */
    double publishedPerSecond() {
        return LeastSquares.slope(times(), series(IngestSnapshot::ends)) * metrics;
    }

    /** How much the lag grew over the measured part, in batches, along its least-squares line. */
    double lagGrowth() {
        return LeastSquares.slope(times(), series(IngestSnapshot::lag)) * seconds();
    }

    /** The processor's cores in use (CPU seconds per second). */
    double processorCores() {
        return (last().processorCpu() - first().processorCpu()) / seconds();
    }

    /** The broker's and registry's cores in use. */
    double platformCores() {
        return (last().platformCpu() - first().platformCpu()) / seconds();
    }

    double processorCpuUsPerSample() {
        return CpuPerSample.micros(processorCores(), processedPerSecond());
    }

    double e2eCpuUsPerSample() {
        return CpuPerSample.micros(processorCores() + platformCores(), processedPerSecond());
    }

    private double[] times() {
        return snapshots.stream().mapToDouble(s -> s.secondsSince(first())).toArray();
    }

    private double[] series(ToLongFunction<IngestSnapshot> value) {
        return snapshots.stream().mapToDouble(s -> value.applyAsLong(s)).toArray();
    }
}
