package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The life of a long-running command: start its parts, print {@code numbat ready}, stay in the
 * foreground until Ctrl-C or SIGTERM, then close what was started (newest first, see {@link Closer})
 * before the JVM exits. A SIGTERM while starting stops what has started and nothing more starts. If
 * starting fails, whatever already started is closed and the error propagates. If a part reports a
 * fatal failure while running, everything is closed and the command ends with that error
 * ({@code numbat: error: ...}, exit 1), so a supervisor restarts it rather than leaving it up, broken.
 */
final class Running {
    /** Starts a command's parts, registering each with the closer. */
    interface Starter {
        void start(Closer closer) throws Exception;
    }

    /** As {@link Starter}, for parts that can fail while running: they report it to {@code fatal}. */
    interface WatchedStarter {
        void start(Closer closer, Consumer<Throwable> fatal) throws Exception;
    }

    private Running() {}

    static int serve(Starter starter) throws Exception {
        return serve((closer, fatal) -> starter.start(closer));
    }

    static int serve(WatchedStarter starter) throws Exception {
        Closer closer = new Closer();
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    System.err.println("numbat: stopping");
                    closer.close();
                    System.err.println("numbat: stopped");
                    stopped.countDown();
                },
                "numbat-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            starter.start(closer, failed::complete);
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
        failed.thenRun(stopped::countDown);
        stopped.await();
        if (failed.isDone()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return 0; // Ctrl-C came first: the hook closes everything
            }
            Throwable cause = failed.join();
            closer.close();
            throw new PlatformException(
                    String.valueOf(cause.getMessage()).replaceAll("\\s+", " ").strip(), cause);
        }
        return 0;
    }
}
