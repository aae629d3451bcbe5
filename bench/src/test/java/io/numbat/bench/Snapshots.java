package io.numbat.bench;

/** Builds {@link IngestSnapshot}s for tests, with time in seconds. */
final class Snapshots {
    private Snapshots() {}

    static IngestSnapshot at(double seconds, long committed, long ends, double processorCpu, double platformCpu) {
        return new IngestSnapshot((long) (seconds * 1e9), committed, ends, 0, processorCpu, platformCpu);
    }
}
