package io.numbat.deployer.provider.shell;

import java.util.Optional;

/** A script's exit code and its output (stdout and stderr interleaved). */
public record ShellResult(int exitCode, String output) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The value of the last output line {@code key=value}, if any. */
    public Optional<String> value(String key) {
        String prefix = key + "=";
        String found = null;
        for (String line : output.split("\n")) {
            if (line.startsWith(prefix)) {
                found = line.substring(prefix.length()).strip();
            }
        }
        return Optional.ofNullable(found);
    }
}
