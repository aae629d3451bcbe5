package io.numbat.deployer.provider.shell;

import io.numbat.deployer.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a shell-based provider runs nodes: where their files go on each host, the {@code erl} program,
 * how long a start and a graceful stop may take, and how many starts and stops run at once.
 */
public record ShellOptions(String workDir, String erl, Duration startTimeout, Duration stopTimeout, int parallelism) {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_PARALLELISM = 4;

    public ShellOptions {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(erl, "erl");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
    }

    /** From a provider's settings ({@code erl}, {@code startTimeout}, {@code stopTimeout}), with {@code workDir} resolved by the caller. */
    public static ShellOptions from(Settings settings, String workDir, int parallelism) {
        return new ShellOptions(
                workDir,
                settings.string("erl").orElse("erl"),
                settings.duration("startTimeout").orElse(DEFAULT_START_TIMEOUT),
                settings.duration("stopTimeout").orElse(DEFAULT_STOP_TIMEOUT),
                parallelism);
    }

    /** The epmd program: beside {@code erl} when that is a path, else {@code epmd} on the PATH. */
    public String epmd() {
        int slash = erl.lastIndexOf('/');
        return slash < 0 ? "epmd" : erl.substring(0, slash + 1) + "epmd";
    }

    public ShellOptions withStopTimeout(Duration d) {
        return new ShellOptions(workDir, erl, startTimeout, d, parallelism);
    }
}
