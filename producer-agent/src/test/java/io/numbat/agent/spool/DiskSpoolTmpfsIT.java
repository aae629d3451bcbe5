package io.numbat.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool on a real 2 MiB tmpfs (issue 12, observation 4): needs root and {@code mount}; skipped
 * otherwise. The bounds are those of {@code SpoolSettings} (an eighth of the bound per segment).
 */
class DiskSpoolTmpfsIT {
    private static final long TWO_MIB = 2L << 20;

    @TempDir
    Path tmp;

    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountTmpfs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "skipped: mounting a tmpfs needs root");
        disk = Files.createDirectory(tmp.resolve("tmpfs"));
        String out = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString());
        assumeTrue(out == null, () -> "skipped: cannot mount a tmpfs: " + out);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", disk.toString());
        }
    }

    /** Runs a command; null if it succeeded, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }

    private static byte[] value(int i) {
        return ("value-" + i + "-" + "x".repeat(1_000)).getBytes(StandardCharsets.UTF_8);
    }

    private static int number(SpooledRecord r) {
        return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).split("-")[1]);
    }

    private static List<SpooledRecord> drain(DiskSpool spool) throws InterruptedException {
        List<SpooledRecord> out = new ArrayList<>();
        Optional<SpooledRecord> r;
        while ((r = spool.next(Duration.ZERO)).isPresent()) {
            out.add(r.get());
        }
        return out;
    }

    private DiskSpool spool(long maxBytes) {
        long segment = Math.min(64L << 20, Math.max(64L << 10, maxBytes / 8)); // SpoolSettings.segmentBytes()
        return new DiskSpool(disk, maxBytes, Duration.ofHours(1), segment, Clock.systemUTC());
    }

    @Test
    void aFullTmpfsDropsTheOldestAndARestartOverItReplaysTheRest() throws Exception {
        int n = 6_000; // about 6 MB: three times the disk, Kafka away
        long left;
        try (DiskSpool spool = spool(TWO_MIB)) {
            for (int i = 0; i < n; i++) {
                spool.append("web-1@sim", value(i), System.currentTimeMillis());
            }
            assertThat(spool.dropped()).isPositive();
            left = spool.pending();
            assertThat(left + spool.dropped()).isEqualTo(n);
        }
        try (DiskSpool again = spool(TWO_MIB)) {
            assertThat(again.pending()).isEqualTo(left);
            List<SpooledRecord> out = drain(again);
            assertThat(out)
                    .extracting(DiskSpoolTmpfsIT::number)
                    .containsExactlyElementsOf(
                            IntStream.range(n - out.size(), n).boxed().toList());
            out.forEach(again::acked);
            for (int i = n; i < n + 100; i++) {
                again.append("web-1@sim", value(i), System.currentTimeMillis());
            }
            assertThat(drain(again)).hasSize(100);
            assertThat(again.dropped()).isZero();
        }
    }

    @Test
    void theIssuesDefaultBoundOfOneGibOnATwoMibTmpfsKeepsAppending() throws Exception {
        int n = 6_000;
        try (DiskSpool spool = spool(1L << 30)) { // one 64 MiB segment would never fit
            for (int i = 0; i < n; i++) {
                spool.append("web-1@sim", value(i), System.currentTimeMillis());
            }
            assertThat(spool.dropped()).isPositive();
            List<SpooledRecord> out = drain(spool);
            assertThat(out)
                    .extracting(DiskSpoolTmpfsIT::number)
                    .containsExactlyElementsOf(
                            IntStream.range(n - out.size(), n).boxed().toList());
            assertThat(out.size() + spool.dropped()).isEqualTo(n);
        }
    }
}
