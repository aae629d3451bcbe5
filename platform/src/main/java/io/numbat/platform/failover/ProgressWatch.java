package io.numbat.platform.failover;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Samples a progress counter every 100 ms and keeps the longest time it stood still while there
 * was work waiting (a stall).
 */
final class ProgressWatch implements AutoCloseable {
    private final String name;
    private final LongSupplier progress;
    private final BooleanSupplier waiting;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long longestStallNanos;

    private ProgressWatch(String name, LongSupplier progress, BooleanSupplier waiting) {
        this.name = name;
        this.progress = progress;
        this.waiting = waiting;
        this.thread = new Thread(this::watch, "progress-" + name);
        this.thread.setDaemon(true);
    }

    static ProgressWatch start(String name, LongSupplier progress, BooleanSupplier waiting) {
        ProgressWatch w = new ProgressWatch(name, progress, waiting);
        w.thread.start();
        return w;
    }

    private void watch() {
        long last = progress.getAsLong();
        long stillSince = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long p = progress.getAsLong();
            if (p != last || !waiting.getAsBoolean()) {
                last = p;
                stillSince = now;
            } else {
                longestStallNanos = Math.max(longestStallNanos, now - stillSince);
            }
        }
    }

    double longestStallSeconds() {
        return longestStallNanos / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }

    @Override
    public String toString() {
        return name + " longest stall " + longestStallSeconds() + " s";
    }
}
