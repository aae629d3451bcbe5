package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.platform.RunDirectory;
import io.numbat.platform.kafka.DataDirs;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The run's data directory: the user's (kept), or a temporary {@link RunDirectory}
 * ({@code java.io.tmpdir/numbat-*}) deleted on close, or at the next start if this run is killed.
 */
final class DataDirectory implements AutoCloseable {
    private final Path path;
    private final RunDirectory temporary;

    private DataDirectory(Path path, RunDirectory temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    static DataDirectory of(Path chosen) {
        if (chosen != null) {
            return new DataDirectory(DataDirs.prepareWritable(chosen.toAbsolutePath()), null);
        }
        try {
            RunDirectory dir = RunDirectory.create(RunDirectory.defaultParent());
            return new DataDirectory(dir.path(), dir);
        } catch (IOException e) {
            throw new PlatformException("cannot create a temporary data directory: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (temporary != null) {
            temporary.close();
        }
    }
}
