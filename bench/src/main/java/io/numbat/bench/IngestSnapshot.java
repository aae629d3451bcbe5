package io.numbat.bench;

/**
 * Where the stream processor stands on {@code numbat.metrics}, and the CPU each benchmark process
 * has used, at one moment.
 *
 * @param nanos {@link System#nanoTime()} when taken
 * @param committed the processor's committed offsets on {@code numbat.metrics}, summed over partitions (batches)
 * @param ends the end offsets of {@code numbat.metrics}, summed (batches published so far)
 * @param fleetCpu CPU seconds of this process (the simulated fleet)
 * @param processorCpu CPU seconds of the processor's process
 * @param platformCpu CPU seconds of the platform's processes (broker or brokers, and the registry)
 */
record IngestSnapshot(long nanos, long committed, long ends, double fleetCpu, double processorCpu, double platformCpu) {
    /** Batches published that the processor has not committed yet. */
    long lag() {
        return ends - committed;
    }

    /** Seconds from {@code earlier} to this snapshot. */
    double secondsSince(IngestSnapshot earlier) {
        return (nanos - earlier.nanos) / 1e9;
    }
}
