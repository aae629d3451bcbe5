package io.numbat.deployer.provider.shell;

import java.io.IOException;
import java.time.Duration;

/**
 * A POSIX shell on one host, local or remote: runs a script with {@code sh -c} (and optionally some standard input)
 * and returns its output. Blocking.
 */
public interface Shell extends AutoCloseable {
    /** The host as the operator wrote it, for messages (e.g. {@code 10.0.1.11:22} or {@code localhost}). */
    String host();

    /** The host part of Erlang short node names started through this shell (e.g. {@code localhost} or {@code vm}). */
    String erlangHost() throws IOException;

    /**
     * Runs {@code script} with {@code sh -c}; stdout and stderr come back together.
     *
     * @throws IOException if the shell cannot be reached or the script outlives {@code timeout}
     */
    default ShellResult run(String script, Duration timeout) throws IOException {
        return run(script, "", timeout);
    }

    /**
     * Runs {@code script} with {@code sh -c} and {@code input} on its standard input: the way to hand a
     * script a secret, which in the script's text would show in {@code ps} on the host.
     *
     * @throws IOException if the shell cannot be reached or the script outlives {@code timeout}
     */
    ShellResult run(String script, String input, Duration timeout) throws IOException;

    @Override
    void close();
}
