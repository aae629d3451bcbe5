package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpSelf;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A real {@code erl} node on this machine ({@code erl -sname NAME@localhost -noshell}), for the demo,
 * integration tests and benchmarks: started, loaded with {@code numbat_load} (and {@code numbat_top}), and killed or stopped
 * afterwards. Its control connection is separate from any agent's. The cookie is never on the command line
 * ({@code ps} would show it): the node's {@code HOME} is a private directory (0700) holding it as
 * {@code .erlang.cookie} (0400), deleted when the node is closed.
 */
public final class LocalErlangNode implements AutoCloseable {
    private final String name;
    private final Cookie cookie;
    private final Process process;
    private final ErlangRpc control;
    private final Path home;

    private LocalErlangNode(String name, Cookie cookie, Process process, ErlangRpc control, Path home) {
        this.name = name;
        this.cookie = cookie;
        this.process = process;
        this.control = control;
        this.home = home;
    }

    /** Empty when {@code erl} and a usable JInterface are installed, else why a real node cannot be used. */
    public static Optional<String> unavailableReason() {
        Optional<String> jinterface = JInterface.unavailableReason();
        if (jinterface.isPresent()) {
            return jinterface;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "erl"))) {
                return Optional.empty();
            }
        }
        return Optional.of(
                "erl is not on the PATH: install Erlang/OTP (Debian: apt-get install erlang-base erlang-jinterface)");
    }

    /** Starts a node named {@code prefix_<random>@localhost} with {@code cookie}; waits until it answers. */
    public static LocalErlangNode start(String prefix, String cookie, String... extraArgs)
            throws IOException, InterruptedException {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        List<String> cmd = new ArrayList<>(List.of("erl", "-sname", name, "-noshell", "-noinput"));
        cmd.addAll(List.of(extraArgs));
        Path home = privateHome(cookie);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", home.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            deleteHome(home);
            throw e;
        }
        Cookie c = Cookie.of(cookie);
        OtpSelf self =
                new OtpSelf("numbat_control_" + UUID.randomUUID().toString().substring(0, 8) + "@localhost", cookie);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String loadFailure = null; // a module that did not scan, parse or compile: said rather than "node not found"
        while (true) {
            try {
                ErlangRpc rpc = ErlangRpc.connect(self, name, c, Duration.ofSeconds(5));
                try {
                    ErlangModules.ensureLoaded(rpc, "numbat_load");
                    ErlangModules.ensureLoaded(rpc, TopSampler.MODULE); // numbat_load:top_step/3 calls it
                } catch (ErlangRpcException e) {
                    loadFailure = e.getMessage();
                    rpc.close(); // the next attempt connects afresh (the node refuses a second connection of ours)
                    throw e;
                }
                return new LocalErlangNode(name, c, p, rpc, home);
            } catch (ErlangRpcException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    deleteHome(home);
                    throw new IOException("erl node " + name + " did not come up: "
                            + (loadFailure != null ? loadFailure : e.getMessage()));
                }
                Thread.sleep(100);
            }
        }
    }

    /** A new directory (0700) with {@code .erlang.cookie} (0400): the node's HOME, where erl reads its cookie. */
    private static Path privateHome(String cookie) throws IOException {
        Path home = Files.createTempDirectory(
                "numbat-erl-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = Files.createFile(
                home.resolve(".erlang.cookie"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, cookie + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        return home;
    }

    private static void deleteHome(Path home) {
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS to clean
        }
    }

    public String name() {
        return name;
    }

    /** Writes the cookie to a file (mode 600) for an agent to read. */
    public Path writeCookie(Path dir) throws IOException {
        Path f = dir.resolve(name.substring(0, name.indexOf('@')) + ".cookie");
        Files.writeString(f, cookie.secret() + "\n");
        f.toFile().setReadable(false, false);
        f.toFile().setReadable(true, true);
        return f;
    }

    /** Spawns {@code n} idle processes; returns the node's process count. */
    public long spawnIdle(int n) throws ErlangRpcException {
        return number(call("numbat_load", "spawn_idle", new OtpErlangLong(n)));
    }

    /** Creates a named ETS table with {@code rows} rows of about 1 KB; returns the table's memory in bytes. */
    public long fillEts(String table, int rows) throws ErlangRpcException {
        return number(call("numbat_load", "fill_ets", new OtpErlangAtom(table), new OtpErlangLong(rows)));
    }

    /** Registers a process {@code registered} that never reads, with {@code n} messages in its mailbox. */
    public long mailbox(String registered, int n) throws ErlangRpcException {
        return number(call("numbat_load", "mailbox", new OtpErlangAtom(registered), new OtpErlangLong(n)));
    }

    /** {@code statistics(exact_reductions)}: the node's total reductions. */
    public long exactReductions() throws ErlangRpcException {
        return number(call("numbat_load", "exact_reductions"));
    }

    /** {@code statistics(runtime)}: the CPU time of all the node's threads so far, in ms. */
    public long runtimeMillis() throws ErlangRpcException {
        return number(call("numbat_load", "runtime"));
    }

    public OtpErlangObject call(String module, String function, OtpErlangObject... args) throws ErlangRpcException {
        return control.call(module, function, args);
    }

    private static long number(OtpErlangObject o) {
        return (long) Terms.number(o).orElseThrow(() -> new IllegalStateException("not a number: " + o));
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGSTOP: the node stays connected but stops answering (until {@link #resume()}). */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    /** SIGKILL: the node dies without a goodbye. */
    public void kill() throws InterruptedException {
        control.close();
        process.destroyForcibly();
        process.waitFor();
        deleteHome(home);
    }

    /** The operating system's id of the node's process (the emulator: {@code erl} execs it). */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        control.close();
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteHome(home);
    }
}
