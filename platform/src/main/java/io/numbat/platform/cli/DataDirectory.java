package io.numbat.platform.cli;

import io.numbat.platform.PlatformException;
import io.numbat.platform.kafka.DataDirs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The run's data directory: the user's (kept), or a temporary one deleted on close. */
final class DataDirectory implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    private DataDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    static DataDirectory of(Path chosen) {
        if (chosen != null) {
            return new DataDirectory(DataDirs.prepareWritable(chosen.toAbsolutePath()), false);
        }
        try {
            return new DataDirectory(Files.createTempDirectory("numbat-"), true);
        } catch (IOException e) {
            throw new PlatformException("cannot create a temporary data directory: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!temporary || !Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
