package io.numbat.platform.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a command in the foreground until Ctrl-C or SIGTERM, then closes what it started
 * (newest first) before the JVM exits.
 */
final class Running {
    private Running() {
    }

    static void untilSignalled(Closer closer) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("numbat: stopping");
            closer.close();
            System.err.println("numbat: stopped");
            stopped.countDown();
        }, "numbat-shutdown"));
        stopped.await();
    }
}
