package io.numbat.platform.cli;

import java.util.concurrent.CountDownLatch;

/**
 * The life of a long-running command: start its parts, print {@code numbat ready}, stay in the
 * foreground until Ctrl-C or SIGTERM, then close what was started (newest first, see {@link Closer})
 * before the JVM exits. A SIGTERM while starting stops what has started and nothing more starts. If
 * starting fails, whatever already started is closed and the error propagates.
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
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.err.println("numbat: stopping");
            closer.close();
            System.err.println("numbat: stopped");
            stopped.countDown();
        }, "numbat-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            starter.start(closer);
        } catch (Exception e) {
            if (closer.closing()) {
                stopped.await(); // stopped while starting: the hook closes what started, then the JVM exits
                return 0;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            closer.close();
            throw e;
        }
        System.out.println("numbat ready");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
