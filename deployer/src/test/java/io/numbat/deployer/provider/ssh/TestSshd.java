package io.numbat.deployer.provider.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} on a free loopback port, for integration tests: a host key and a user key
 * generated in a temporary directory, {@code AuthorizedKeysFile} pointing there, no PAM, run in the
 * foreground as {@code /usr/sbin/sshd -D -e -f CONFIG} by the current user (root on CI).
 */
final class TestSshd implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration UP_WITHIN = Duration.ofSeconds(60);

    final Path dir;
    final int port;
    final Path userKey;
    final Path knownHosts;
    private final Process process;

    private TestSshd(Path dir, int port, Path userKey, Path knownHosts, Process process) {
        this.dir = dir;
        this.port = port;
        this.userKey = userKey;
        this.knownHosts = knownHosts;
        this.process = process;
    }

    /** Empty when a test sshd can run here, else why not. */
    static Optional<String> unavailableReason() {
        if (!Files.isExecutable(SSHD)) {
            return Optional.of(SSHD + " is missing: install Debian's openssh-server (.ci/run does)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            return Optional.of("ssh-keygen is missing: install openssh-client");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of(
                    "sshd needs its privilege separation directory /run/sshd and to log users in: run as root");
        }
        return Optional.empty();
    }

    static TestSshd start(Path dir) throws IOException, InterruptedException {
        Path hostKey = dir.resolve("host_ed25519");
        Path userKey = dir.resolve("user_ed25519");
        keygen(hostKey);
        keygen(userKey);
        Path authorized = Files.copy(dir.resolve("user_ed25519.pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd"));
        int port = freePort();
        Path config = Files.writeString(
                dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "Port " + port,
                        "ListenAddress 127.0.0.1",
                        "HostKey " + hostKey,
                        "PidFile " + dir.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + authorized,
                        "UsePAM no",
                        "StrictModes no",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PubkeyAuthentication yes",
                        "PermitRootLogin prohibit-password",
                        "MaxSessions 32",
                        ""));
        String hostPub = Files.readString(dir.resolve("host_ed25519.pub")).strip();
        String[] parts = hostPub.split(" ");
        Path knownHosts = Files.writeString(
                dir.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n" + "[localhost]:" + port + " " + parts[0]
                        + " " + parts[1] + "\n");
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        TestSshd sshd = new TestSshd(dir, port, userKey, knownHosts, p);
        sshd.awaitListening();
        return sshd;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + UP_WITHIN.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IOException("sshd did not listen on 127.0.0.1:" + port + ": " + log());
                }
                Thread.sleep(100);
            }
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    /** A second key pair that the server does not know. */
    Path strangerKey() throws IOException, InterruptedException {
        Path key = dir.resolve("stranger_ed25519");
        keygen(key);
        return key;
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "numbat-it", "-f", key.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
