package io.numbat.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path parent;

    /** A run directory as a killed run leaves it: the lock file is there, nobody holds its lock. */
    private Path abandoned(String name) throws Exception {
        Path dir = Files.createDirectories(parent.resolve(name).resolve("kafka"));
        Files.writeString(dir.resolve("00000000.log"), "records");
        Files.writeString(parent.resolve(name).resolve(RunDirectory.LOCK_FILE), "pid 1234567\n");
        return parent.resolve(name);
    }

    @Test
    void removesWhatAKilledRunLeftAtTheNextStart() throws Exception {
        Path left = abandoned("numbat-123");

        try (RunDirectory run = RunDirectory.create(parent)) {
            assertThat(left).doesNotExist();
            assertThat(run.path()).isDirectory().hasParent(parent);
            assertThat(run.path().getFileName().toString()).startsWith(RunDirectory.PREFIX);
            assertThat(run.path().resolve(RunDirectory.LOCK_FILE)).isRegularFile();
        }
    }

    @Test
    void leavesLiveRunsAndOtherDirectoriesAlone() throws Exception {
        Path other = Files.createDirectories(parent.resolve("numbat-bench-deploy-1"));
        try (RunDirectory live = RunDirectory.create(parent)) {
            assertThat(RunDirectory.removeAbandoned(parent)).isEmpty();
            assertThat(live.path().resolve(RunDirectory.LOCK_FILE)).isRegularFile();
            assertThat(other).isDirectory();
        }
    }

    @Test
    void closeRemovesTheDirectory() throws Exception {
        RunDirectory run = RunDirectory.create(parent);
        Files.writeString(run.path().resolve("state"), "x");

        run.close();

        assertThat(run.path()).doesNotExist();
    }
}
