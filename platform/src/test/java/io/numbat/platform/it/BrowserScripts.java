package io.numbat.platform.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the console's Node scripts ({@code console/src/test/browser}) in headless Chromium: skips the
 * test (an assumption, with the reason) when Debian's {@code chromium} or {@code node}/{@code npm} is
 * missing, installs the pinned {@code playwright-core} once with {@code npm ci} (no browser download).
 */
final class BrowserScripts {
    /** A finished script: its exit code and everything it printed. */
    record Run(int exitCode, String output) {}

    private static boolean installed;
    private final Path dir;

    private BrowserScripts(Path dir) {
        this.dir = dir;
    }

    /** Why the browser tests cannot run here (Chromium, node or npm missing), empty when they can. */
    static Optional<String> missing() {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            return Optional.of(
                    chromium + " is missing: install Debian's chromium (apt-get install chromium; .ci/run does) "
                            + "to run the browser tests");
        }
        if (!onPath("node") || !onPath("npm")) {
            return Optional.of("node and npm are missing from PATH (apt-get install nodejs npm; .ci/run does)");
        }
        return Optional.empty();
    }

    /** The scripts' folder, ready to run (npm ci done); skips the calling test when the tools are missing. */
    static synchronized BrowserScripts ready() throws IOException, InterruptedException {
        Optional<String> missing = missing();
        assumeTrue(missing.isEmpty(), missing::get);
        Path dir = Path.of(System.getProperty("numbat.browser.dir", "../console/src/test/browser"))
                .toAbsolutePath()
                .normalize();
        BrowserScripts scripts = new BrowserScripts(dir);
        if (!installed) {
            Run ci = scripts.run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            if (ci.exitCode() != 0) {
                throw new IllegalStateException("npm ci failed in " + dir + ":\n" + ci.output());
            }
            installed = true;
        }
        return scripts;
    }

    /** {@code node script args...}, waiting at most {@code timeoutSeconds}. */
    Run node(String script, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(args);
        return run(cmd, timeoutSeconds);
    }

    private Run run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Path log = Files.createTempFile("numbat-browser-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                return new Run(
                        -1,
                        Files.readString(log, StandardCharsets.UTF_8) + "\n(killed after " + timeoutSeconds + " s)");
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
