package io.numbat.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an unpacked image's entrypoint as a container would, without a container engine: chroot into its
 * root file system as the image's user, with only the image's environment, and a /proc of its own (the
 * java launcher finds its libraries through {@code $ORIGIN}, which glibc resolves with /proc/self/exe).
 * unshare gives the run private mount and pid namespaces, so its /proc disappears with it.
 */
final class Chroot {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private Chroot() {
    }

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
        Path rootfs = image.rootfs();
        Files.createDirectories(rootfs.resolve("proc"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--fork", "--pid", "--mount",
                "--mount-proc=" + rootfs.resolve("proc"), "/usr/sbin/chroot", "--userspec=" + image.user(),
                rootfs.toString()));
        command.addAll(image.entrypoint());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(image.environment());
        Path out = Files.createTempFile("chroot-out", ".txt");
        Path err = Files.createTempFile("chroot-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("still running after 120 s: " + command);
        }
        try {
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
