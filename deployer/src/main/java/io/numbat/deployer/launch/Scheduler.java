package io.numbat.deployer.launch;

import java.time.Duration;

/**
 * Timers and hand-offs on the one thread that owns the launch state: the deployer's event loop in
 * production ({@link VertxScheduler}), a manual clock in tests.
 */
public interface Scheduler {
    /** Runs {@code task} on the owning thread after {@code delay}; returns an id for {@link #cancel}. */
    long schedule(Duration delay, Runnable task);

    /** Cancels a scheduled task; unknown or finished ids are ignored. */
    void cancel(long id);

    /** Runs {@code task} on the owning thread (provider futures may complete on others). */
    void execute(Runnable task);
}
