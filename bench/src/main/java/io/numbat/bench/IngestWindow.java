package io.numbat.bench;

/**
 * What happened between two {@link IngestSnapshot}s: batches processed and the CPU the processes
 * spent on them. A sample is one metric of one batch, so batches times {@code metrics}.
 */
record IngestWindow(IngestSnapshot from, IngestSnapshot to, int metrics) {
    double seconds() {
        return to.secondsSince(from);
    }

    /** Batches the processor committed in the window. */
    long batches() {
        return to.committed() - from.committed();
    }

    double samplesPerSecond() {
        return batches() * (double) metrics / seconds();
    }

    double fleetCpu() {
        return to.fleetCpu() - from.fleetCpu();
    }

    double processorCpu() {
        return to.processorCpu() - from.processorCpu();
    }

    double platformCpu() {
        return to.platformCpu() - from.platformCpu();
    }

    /** The processor's CPU microseconds per sample processed; -1 if none was processed. */
    double processorCpuUsPerSample() {
        return CpuPerSample.micros(processorCpu(), batches() * (double) metrics);
    }

    /** The processor's, the broker's and the registry's CPU microseconds per sample processed; -1 if none was. */
    double e2eCpuUsPerSample() {
        return CpuPerSample.micros(processorCpu() + platformCpu(), batches() * (double) metrics);
    }
}
