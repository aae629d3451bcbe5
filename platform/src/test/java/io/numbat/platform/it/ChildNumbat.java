package io.numbat.platform.it;

import io.numbat.platform.registry.ApicurioHome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@code numbat} command in its own JVM, so that a test can kill it with SIGKILL like a crash. */
final class ChildNumbat implements AutoCloseable {
    private final Process process;
    private final Map<String, String> printed;

    private ChildNumbat(Process process, Map<String, String> printed) {
        this.process = process;
        this.printed = printed;
    }

    /** Starts {@code numbat <args>} (stderr appended to {@code log}) and waits until it prints {@code numbat ready}. */
    static ChildNumbat start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /** As above, with {@code env} added to the child's environment (which its own children inherit). */
    static ChildNumbat start(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path")));
        String apicurio = System.getProperty(ApicurioHome.PROPERTY);
        if (apicurio != null) {
            cmd.add("-D" + ApicurioHome.PROPERTY + "=" + apicurio);
        }
        cmd.add("io.numbat.platform.cli.Numbat");
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process p = builder.start();
        Map<String, String> printed = new HashMap<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                printed.put(line.substring(0, eq), line.substring(eq + 1));
            }
            if (line.equals("numbat ready")) {
                Thread drain = new Thread(
                        () -> {
                            try {
                                while (out.readLine() != null) {
                                    // keep the pipe empty
                                }
                            } catch (IOException e) {
                                // the process ended
                            }
                        },
                        "child-stdout");
                drain.setDaemon(true);
                drain.start();
                return new ChildNumbat(p, printed);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("'numbat " + String.join(" ", args) + "' ended before it was ready; see " + log
                + ":\n" + Files.readString(log));
    }

    /** A {@code key=value} line the command printed before it was ready ({@code deployer}, {@code kafka}, ...). */
    String printed(String key) {
        return printed.get(key);
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
