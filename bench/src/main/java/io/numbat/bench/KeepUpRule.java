package io.numbat.bench;

/**
 * When the processor keeps up with a capacity step: its lag on {@code numbat.metrics} grew by less
 * than a limit over the measured part (along the least-squares line through the snapshots, see
 * {@link StepMeasurement#lagGrowth()}; the limit is one tick's batches, or one commit interval's if
 * longer: {@link CapacitySchedule#lagLimit}), and it processed at least
 * {@code minShareProcessed} of the samples offered. The first alone would pass a fleet or broker
 * that cannot deliver the load; the second alone would pass a backlog growing slowly.
 */
record KeepUpRule(double minShareProcessed) {
    static final KeepUpRule DEFAULT = new KeepUpRule(0.95);

    /** Whether {@code step}, offered {@code offeredPerSecond} samples/s, kept up, its lag allowed to grow by {@code lagLimit}. */
    boolean keepsUp(StepMeasurement step, long lagLimit, double offeredPerSecond) {
        return lagBounded(step, lagLimit) && step.processedPerSecond() >= minShareProcessed * offeredPerSecond;
    }

    boolean lagBounded(StepMeasurement step, long lagLimit) {
        return step.lagGrowth() < lagLimit;
    }
}
