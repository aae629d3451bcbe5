package io.numbat.processor.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Reloads the processor's config file when the process gets SIGHUP ({@code kill -HUP PID}), as daemons do. Without
 * it the JVM treats SIGHUP as a request to stop; with it, a hang-up only reloads (Ctrl-C and SIGTERM still stop).
 * Uses {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only way to handle a signal.
 */
public final class HangupReload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HangupReload.class);
    private static final Signal HUP = new Signal("HUP");

    private final SignalHandler previous;

    private HangupReload(SignalHandler previous) {
        this.previous = previous;
    }

    /**
     * Whether SIGHUP reaches this handler: not when the process was started with SIGHUP ignored ({@code nohup},
     * some service managers), which the JVM keeps: the handler is registered but never called.
     */
    public boolean active() {
        return previous != SignalHandler.SIG_IGN;
    }

    /**
     * Handles SIGHUP by {@link LiveRules#reload()} until closed (closing restores the handler before).
     *
     * @throws IllegalStateException when the JVM does not let SIGHUP be handled (started with {@code -Xrs}, or
     *     a platform without it)
     */
    public static HangupReload install(LiveRules rules) {
        try {
            SignalHandler previous = Signal.handle(HUP, signal -> {
                LOG.info("SIGHUP: reloading {}", rules.file());
                rules.reload();
            });
            HangupReload reload = new HangupReload(previous);
            if (!reload.active()) {
                LOG.warn(
                        "SIGHUP is ignored in this process (started with nohup?): {} cannot be reloaded with kill -HUP; "
                                + "restart the processor to apply a change",
                        rules.file());
            }
            return reload;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot handle SIGHUP to reload the configuration: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        Signal.handle(HUP, previous);
    }
}
