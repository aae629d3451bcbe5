package io.numbat.docker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs an unpacked image's entrypoint as a container would, without a container engine: chroot into its
 * root file system as the image's user, with only the image's environment, and a /proc of its own (the
 * java launcher finds its libraries through {@code $ORIGIN}, which glibc resolves with /proc/self/exe).
 * unshare gives the run private mount and pid namespaces, so its /proc disappears with it.
 */
final class Chroot {
    record Result(int exitCode, String stdout, String stderr) {}

    private Chroot() {}

    /** Why this machine cannot run it, or null when it can: needs root, chroot and unshare. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "chroot needs root (running as " + System.getProperty("user.name") + ")";
        }
        for (String tool : List.of("/usr/sbin/chroot", "/usr/bin/unshare")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " is missing (Debian: coreutils, util-linux)";
            }
        }
        return null;
    }

    static Result run(ImageArchive image, List<String> args) throws IOException, InterruptedException {
        ProcessBuilder pb = processBuilder(image, args, Map.of());
        Path out = Files.createTempFile("chroot-out", ".txt");
        Path err = Files.createTempFile("chroot-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("still running after 120 s: " + pb.command());
        }
        try {
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** Starts the entrypoint with ARGS and the image's environment plus EXTRA; stderr goes to the test's. */
    static Background start(ImageArchive image, List<String> args, Map<String, String> extra) throws IOException {
        return new Background(processBuilder(image, args, extra)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    private static ProcessBuilder processBuilder(ImageArchive image, List<String> args, Map<String, String> extra)
            throws IOException {
        Path rootfs = image.rootfs();
        Files.createDirectories(rootfs.resolve("proc"));
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/unshare",
                "--fork",
                "--pid",
                "--mount",
                "--mount-proc=" + rootfs.resolve("proc"),
                "--kill-child",
                "/usr/sbin/chroot",
                "--userspec=" + image.user(),
                rootfs.toString()));
        command.addAll(image.entrypoint());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(image.environment());
        pb.environment().putAll(extra);
        return pb;
    }

    /** A long-running command in the image: its stdout lines as they come, stopped with SIGTERM like docker stop. */
    static final class Background implements AutoCloseable {
        private final Process unshare;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Background(Process unshare) {
            this.unshare = unshare;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(unshare.getInputStream(), StandardCharsets.UTF_8))) {
                            r.lines().forEach(lines::add);
                        } catch (IOException ignored) {
                            // the process ended
                        }
                    },
                    "chroot-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until stdout has printed LINE; false if the process ended or the time ran out first. */
        boolean awaitLine(String line, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (lines.contains(line)) {
                    return true;
                }
                if (!unshare.isAlive()) {
                    return lines.contains(line);
                }
                Thread.sleep(200);
            }
            return false;
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        /** SIGTERM to the image's process (the child of unshare), then its exit code once it has stopped. */
        int stop(Duration timeout) throws InterruptedException {
            unshare.descendants().forEach(ProcessHandle::destroy);
            if (!unshare.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                unshare.destroyForcibly(); // --kill-child takes the image's process with it
                unshare.waitFor(10, TimeUnit.SECONDS);
            }
            return unshare.exitValue();
        }

        @Override
        public void close() {
            if (unshare.isAlive()) {
                try {
                    stop(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    unshare.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
