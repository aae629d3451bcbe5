package io.numbat.platform.cli;

import java.util.concurrent.CountDownLatch;

/**
 * The life of a long-running command: start its parts, print {@code numbat ready}, stay in the
 * foreground until Ctrl-C or SIGTERM, then close what was started (newest first) before the JVM
 * exits. If starting fails, whatever already started is closed and the error propagates.
 */
final class Running {
    /** Starts a command's parts, registering each with the closer. */
    interface Starter {
        void start(Closer closer) throws Exception;
    }

    private Running() {
    }

    static int serve(Starter starter) throws Exception {
        Closer closer = new Closer();
        try {
            starter.start(closer);
        } catch (Exception e) {
            closer.close();
            throw e;
        }
        System.out.println("numbat ready");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("numbat: stopping");
            closer.close();
            System.err.println("numbat: stopped");
            stopped.countDown();
        }, "numbat-shutdown"));
        stopped.await();
        return 0;
    }
}
