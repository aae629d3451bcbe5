package io.numbat.console.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the console's browser scripts ({@code src/test/browser}, playwright-core driving Debian's headless
 * Chromium) with {@code node}: skips the calling test, with the reason, when Chromium, node or npm is missing, and
 * runs {@code npm ci} first when {@code node_modules} is not there (the pinned playwright-core, no browser download).
 */
final class NodeScript {
    /** A finished script: its exit code and everything it printed. */
    record Run(int exitCode, String output) {}

    private static final Path DIR = Path.of("src/test/browser").toAbsolutePath();

    private NodeScript() {}

    static Run run(String script, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assumeTrue(Files.isExecutable(Path.of(chromium)), chromium + " is missing: apt-get install chromium");
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are missing from PATH: apt-get install nodejs npm");
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            Run ci = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            if (ci.exitCode() != 0) {
                throw new IllegalStateException("npm ci failed in " + DIR + ":\n" + ci.output());
            }
        }
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(args);
        return exec(cmd, timeoutSeconds);
    }

    private static Run exec(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
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
