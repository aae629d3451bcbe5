package io.numbat.processor.config;

import io.numbat.processor.health.AlarmThresholds;
import io.numbat.processor.scaling.ScalingPolicy;
import io.numbat.schemas.config.ConfigException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The family rules in force, shared by the stream threads (which look a family up per record) and by whoever reloads
 * the config file (SIGHUP, {@link HangupReload}). A reload swaps the whole {@link Rulebook} at once; the state stores
 * are not touched, so trends, forecasts, alarms and cool-downs carry on under the new rules. A file that fails its
 * checks is refused: each error is logged with its key path and the running rules stay.
 */
public final class LiveRules {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRules.class);

    private final Path file;
    private final FamilyRules base;
    private final AtomicReference<Rulebook> current;

    private LiveRules(Path file, FamilyRules base, Rulebook first) {
        this.file = file;
        this.base = Objects.requireNonNull(base, "base");
        this.current = new AtomicReference<>(first);
    }

    /** Every family with {@code base}, for good (no file to reload). */
    public static LiveRules fixed(FamilyRules base) {
        return new LiveRules(null, base, Rulebook.everyFamily(base));
    }

    /** The rules of {@code book}, for good (no file to reload): for the demo and tests. */
    public static LiveRules fixed(Rulebook book) {
        return new LiveRules(null, book.defaults(), book);
    }

    /**
     * The rules of {@code file} over {@code base} (the command line's).
     *
     * @throws ConfigException naming every problem of the file
     * @throws UncheckedIOException when it cannot be read
     */
    public static LiveRules load(Path file, FamilyRules base) {
        Rulebook first = ProcessorConfig.load(file, base);
        LOG.info("processor configuration {}: {}", file, first.summary());
        return new LiveRules(file, base, first);
    }

    /** The rules now in force. */
    public Rulebook current() {
        return current.get();
    }

    /** The file reloaded, or null when the rules are fixed. */
    public Path file() {
        return file;
    }

    /** The alarm thresholds of {@code family} now. */
    public AlarmThresholds alarms(String family) {
        return current.get().of(family).alarms();
    }

    /** The scaling policy of {@code family} now, or null in mode monitor (no scaling decision). */
    public ScalingPolicy scaling(String family) {
        return current.get().of(family).scalingOrNull();
    }

    /** Whether {@code family} is in mode monitor now (its remediations are notifications only). */
    public boolean monitored(String family) {
        return current.get().of(family).mode() == FamilyMode.MONITOR;
    }

    /**
     * Reads the file again over the same base (the command line's settings) and applies it if it passes every check;
     * otherwise logs why, each error with its key path, and keeps the rules in force.
     *
     * @return the errors; empty when the new rules are in force (or there is no file)
     */
    public synchronized List<String> reload() {
        if (file == null) {
            LOG.warn("reload asked, but the processor has no configuration file (--config)");
            return List.of();
        }
        try {
            Rulebook next = ProcessorConfig.load(file, base);
            current.set(next);
            LOG.info("processor configuration {} reloaded: {}", file, next.summary());
            return List.of();
        } catch (ConfigException e) {
            LOG.error(
                    "processor configuration {} refused, the running one stays ({} error{}):",
                    file,
                    e.errors().size(),
                    e.errors().size() == 1 ? "" : "s");
            e.errors().forEach(err -> LOG.error("  {}: {}", file, err));
            return e.errors();
        } catch (UncheckedIOException e) {
            LOG.error("processor configuration refused, the running one stays: {}", e.getMessage());
            return List.of(e.getMessage());
        }
    }
}
