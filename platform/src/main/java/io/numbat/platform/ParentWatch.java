package io.numbat.platform;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of the broker processes of a local cluster: runs the
 * main class given as the first argument, plus a watchdog on standard input, a pipe from the parent.
 * When the parent goes away, even killed with SIGKILL, the pipe closes and the child exits (after 10
 * s of trying to shut down cleanly), so nothing outlives the platform that started it. Uses nothing
 * but the JDK, so it can sit on any class path.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watchdog = new Thread(ParentWatch::exitWhenParentIsGone, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentIsGone() {
        try {
            while (System.in.read() != -1) {
                // the parent writes nothing; end of input means it is gone
            }
        } catch (IOException e) {
            // the same: the pipe is broken
        }
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(1);
        }, "parent-gone-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }
}
