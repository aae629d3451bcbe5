package io.numbat.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's temporary data directory, {@code numbat-*} under {@code java.io.tmpdir}, that a killed run
 * does not leave behind for long: it holds {@value #LOCK_FILE}, locked (an OS file lock) as long as
 * the run lives; the OS releases the lock when the process ends, however it ends. Creating one first
 * deletes the directories whose lock nobody holds any more. Directories without the lock file (of
 * other tools, or of older versions) are never touched.
 */
public final class RunDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    public static final String PREFIX = "numbat-";
    public static final String LOCK_FILE = "numbat-run.lock";

    private final Path path;
    private final FileChannel lock;

    private RunDirectory(Path path, FileChannel lock) {
        this.path = path;
        this.lock = lock;
    }

    /** The parent of the temporary run directories: {@code java.io.tmpdir}. */
    public static Path defaultParent() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Removes abandoned run directories under {@code parent}, then creates and locks a new one there. */
    public static RunDirectory create(Path parent) throws IOException {
        removeAbandoned(parent);
        Path dir = Files.createTempDirectory(parent, PREFIX);
        // locked before it has its name, so that nobody sees the lock file unlocked
        Path pending = dir.resolve(LOCK_FILE + ".new");
        FileChannel channel = FileChannel.open(pending, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            channel.lock();
            channel.write(
                    ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            Files.move(pending, dir.resolve(LOCK_FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            deleteTree(dir);
            throw e;
        }
        return new RunDirectory(dir, channel);
    }

    /**
     * Deletes each {@code numbat-*} directory of {@code parent} that has a {@value #LOCK_FILE} no
     * process holds (its run ended without deleting it); returns those deleted.
     */
    public static List<Path> removeAbandoned(Path parent) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                Path lockFile = dir.resolve(LOCK_FILE);
                if (Files.isDirectory(dir) && Files.isRegularFile(lockFile) && removeIfAbandoned(dir, lockFile)) {
                    removed.add(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot look for abandoned run directories in {}: {}", parent, e.toString());
        }
        return removed;
    }

    private static boolean removeIfAbandoned(Path dir, Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return false; // another process's run is alive
            }
            deleteTree(dir);
            LOG.info("removed {}, left by a run that ended without removing it", dir);
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // a run of this JVM
        } catch (NoSuchFileException e) {
            return false; // its run removed it meanwhile
        } catch (IOException e) {
            LOG.warn("cannot remove abandoned run directory {}: {}", dir, e.toString());
            return false;
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory, then releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            deleteTree(path);
        } finally {
            lock.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // deleted meanwhile (a child still writing)
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
