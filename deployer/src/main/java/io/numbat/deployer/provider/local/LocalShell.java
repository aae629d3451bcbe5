package io.numbat.deployer.provider.local;

import io.numbat.deployer.provider.shell.Shell;
import io.numbat.deployer.provider.shell.ShellResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code sh -c} on this machine. Erlang nodes started here are named {@code NODE@localhost}. */
public final class LocalShell implements Shell {

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public String erlangHost() {
        return "localhost";
    }

    @Override
    public ShellResult run(String script, String input, Duration timeout) throws IOException {
        // output to a file rather than a pipe: nothing to drain while waiting, and the time-out holds
        Path out = Files.createTempFile("numbat-shell", ".out");
        try {
            Process p = new ProcessBuilder("sh", "-c", script)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8)); // a line or two: fits the pipe's buffer
            } catch (IOException e) {
                // the script exited without reading its input: its exit code and output tell why
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("the shell script did not finish within " + timeout.toSeconds() + "s");
            }
            return new ShellResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() {}
}
