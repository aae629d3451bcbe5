package io.numbat.platform.kafka;

import io.numbat.platform.PlatformException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates a data directory and proves it is writable before anything is started in it. */
public final class DataDirs {
    private DataDirs() {}

    public static Path prepareWritable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PlatformException("cannot create data directory " + dir + ": " + describe(e));
        }
        if (!Files.isDirectory(dir)) {
            throw new PlatformException("data directory " + dir + " is not a directory");
        }
        try {
            Path probe = Files.createTempFile(dir, ".write-probe", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new PlatformException("data directory " + dir + " is not writable: " + describe(e));
        }
        return dir;
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
