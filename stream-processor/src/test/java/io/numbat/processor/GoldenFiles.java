package io.numbat.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: committed byte samples of the state formats, under
 * {@code src/test/resources/golden/} (listed in docs/state-formats.md). The golden tests decode them
 * with today's code, so a change that cannot read state already written fails the build.
 *
 * <p>The files are written once, by each golden test's {@code writesTheGoldenFiles} method, which
 * runs only when asked to:
 *
 * <pre>
 * mvn -q -B -o -pl stream-processor -am test -Dtest='*Golden*' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dnumbat.golden.write=true
 * </pre>
 *
 * It only writes files that are missing and never overwrites one: a golden file records bytes that live
 * in production state stores, so rewriting it would hide exactly the break the tests are there to catch. A new format gets a new
 * file (e.g. {@code family-load-v2.bin}) next to the old one, which must still decode.
 */
public final class GoldenFiles {
    /** The system property that lets the writer methods run. */
    public static final String WRITE_PROPERTY = "numbat.golden.write";

    private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");

    private GoldenFiles() {}

    /** The committed bytes of {@code name} (from the test class path). */
    public static byte[] read(String name) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no golden file golden/" + name + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a golden file into the source tree (run from the module directory) if it does not exist;
     * an existing one is left alone, never rewritten.
     */
    public static void writeIfAbsent(String name, byte[] bytes) {
        Path file = DIRECTORY.resolve(name);
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(DIRECTORY);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
