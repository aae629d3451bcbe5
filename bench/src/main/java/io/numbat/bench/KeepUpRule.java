package io.numbat.bench;

/**
 * When the processor keeps up with a capacity step: its lag on {@code numbat.metrics} grew by less
 * than one tick's batches over the measured part (along the least-squares line through the
 * snapshots, see {@link StepMeasurement#lagGrowth()}), and it processed at least
 * {@code minShareProcessed} of the samples offered. The first alone would pass a fleet or broker
 * that cannot deliver the load; the second alone would pass a backlog growing slowly.
 */
record KeepUpRule(double minShareProcessed) {
    static final KeepUpRule DEFAULT = new KeepUpRule(0.95);

    /** Whether {@code step}, offered {@code offeredPerSecond} samples/s in ticks of {@code batchesPerTick}, kept up. */
    boolean keepsUp(StepMeasurement step, long batchesPerTick, double offeredPerSecond) {
        return lagBounded(step, batchesPerTick) && step.processedPerSecond() >= minShareProcessed * offeredPerSecond;
    }

    boolean lagBounded(StepMeasurement step, long batchesPerTick) {
        return step.lagGrowth() < batchesPerTick;
    }
}
