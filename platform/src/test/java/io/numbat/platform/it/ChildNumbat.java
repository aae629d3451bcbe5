package io.numbat.platform.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code numbat} command in its own JVM, so that a test can kill it with SIGKILL like a crash. */
final class ChildNumbat implements AutoCloseable {
    private final Process process;

    private ChildNumbat(Process process) {
        this.process = process;
    }

    /** Starts {@code numbat <args>} (stderr appended to {@code log}) and waits until it prints {@code numbat ready}. */
    static ChildNumbat start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.numbat.platform.cli.Numbat"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("numbat ready")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                }, "child-stdout");
                drain.setDaemon(true);
                drain.start();
                return new ChildNumbat(p);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("'numbat " + String.join(" ", args) + "' ended before it was ready; see " + log
                + ":\n" + java.nio.file.Files.readString(log));
    }

    /** The child process, for tests that signal it themselves. */
    Process process() {
        return process;
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
