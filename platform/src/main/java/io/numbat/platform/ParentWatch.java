package io.numbat.platform;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The entry point of the child JVMs the platform starts (the brokers of a local cluster, the schema
 * registry): runs the main class given as the first argument, plus a watchdog on standard input, a
 * pipe from the parent. When the parent goes away, even killed with SIGKILL, the pipe closes and the
 * child exits (after at most
 * {@link #GRACE_MILLIS} ms of trying to shut down cleanly), so nothing outlives the platform that
 * started it. The parent must keep the pipe open (its {@link Process}) as long as the child should
 * run. Uses nothing but the JDK, so it can sit on any class path.
 */
public final class ParentWatch {
    /** How long an orphaned child may take to shut down cleanly before it halts. */
    public static final long GRACE_MILLIS = 5_000;

    private ParentWatch() {}

    /** The class path entry (jar or directory) that holds this class, to put on a child's class path. */
    public static String classPathEntry() {
        try {
            return Path.of(ParentWatch.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + ParentWatch.class.getName(), e);
        }
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
        Thread halt = new Thread(
                () -> {
                    try {
                        Thread.sleep(GRACE_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(1);
                },
                "parent-gone-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }
}
