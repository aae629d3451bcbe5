package io.numbat.agent.spool;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A warning that repeats in a loop (a full disk, Kafka away, a failing send) logged at most once per
 * interval, with the number of occurrences left out since the last line, so a stuck agent does not
 * fill the disk it is already short of with its own log.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    public RateLimitedLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs a warning unless one was logged less than the interval ago; then it is only counted. */
    public synchronized void warn(String format, Object... args) {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn(format + " ({} more like it since the last line)", append(args, suppressed));
        } else {
            log.warn(format, args);
        }
        logged = true;
        lastNanos = now;
        suppressed = 0;
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
