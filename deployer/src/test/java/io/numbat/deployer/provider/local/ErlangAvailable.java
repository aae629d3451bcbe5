package io.numbat.deployer.provider.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether real Erlang nodes can run here: {@code erl} and {@code epmd} on the PATH. */
public final class ErlangAvailable {
    private ErlangAvailable() {}

    /** Empty when they can, else why not. */
    public static Optional<String> unavailableReason() {
        for (String program : new String[] {"erl", "epmd"}) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, program));
            }
            if (!found) {
                return Optional.of(
                        program + " is not on the PATH: install Erlang/OTP (Debian: apt-get install erlang-base)");
            }
        }
        return Optional.empty();
    }
}
