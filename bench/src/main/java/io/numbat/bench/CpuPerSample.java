package io.numbat.bench;

/** Core-microseconds per sample, the unit the ingest and capacity benchmarks report CPU in. */
final class CpuPerSample {
    private CpuPerSample() {}

    /** {@code cpuSeconds} spent on {@code samples} samples, in microseconds per sample; -1 without samples. */
    static double micros(double cpuSeconds, double samples) {
        return samples > 0 ? cpuSeconds * 1e6 / samples : -1;
    }
}
