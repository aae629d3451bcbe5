package io.numbat.platform.cli;

import io.numbat.agent.publish.SpoolSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The disk spool's options, shared by {@code numbat agent} and {@code numbat fleet}. */
final class SpoolOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = SpoolSettings.DIR_OPTION,
            paramLabel = "DIR",
            description = "Where batches wait while Kafka is unreachable (default: spool/ under the data directory).")
    Path dir;

    @Option(
            names = SpoolSettings.MAX_BYTES_OPTION,
            paramLabel = "SIZE",
            converter = ByteSizeConverter.class,
            description = "Size bound of the spool, e.g. 2m, 512m (default 1g, at least 1m); past it, or when its disk "
                    + "is full, the oldest batches are dropped and counted. Segments are an eighth of it (64k to 64m).")
    Long maxBytes;

    @Option(
            names = SpoolSettings.MAX_AGE_OPTION,
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Batches older than this are dropped rather than sent (default 1h).")
    Duration maxAge;

    /** The settings, with {@code defaultDir} unless {@code --spool-dir} was given; a bad value is a usage error. */
    SpoolSettings settings(Path defaultDir) {
        try {
            SpoolSettings s = SpoolSettings.defaults(dir != null ? dir : defaultDir);
            s = maxBytes != null ? s.withMaxBytes(maxBytes) : s;
            return maxAge != null ? s.withMaxAge(maxAge) : s;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Checks the values at start-up, before anything is started. */
    void check() {
        settings(Path.of("spool"));
    }
}
