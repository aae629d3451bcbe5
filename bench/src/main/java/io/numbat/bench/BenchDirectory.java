package io.numbat.bench;

import io.numbat.platform.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A benchmark's data directory (broker, registry and processor files: gigabytes after an ingest run),
 * deleted when the benchmark's JVM exits; one left by a killed run is deleted by the next run of any
 * Numbat command that makes a {@link RunDirectory}.
 */
final class BenchDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(BenchDirectory.class);

    private BenchDirectory() {}

    /** A new directory under {@code java.io.tmpdir}, removed at exit. */
    static Path create() throws IOException {
        RunDirectory run = RunDirectory.create(RunDirectory.defaultParent());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                run.close();
                            } catch (IOException e) {
                                LOG.warn("cannot delete the bench directory {}: {}", run.path(), e.toString());
                            }
                        },
                        "bench-directory-cleanup"));
        return run.path();
    }
}
