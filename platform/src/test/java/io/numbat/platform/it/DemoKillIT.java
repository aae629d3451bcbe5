package io.numbat.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.agent.erlang.LocalErlangNode;
import io.numbat.platform.RunDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code numbat demo --provider local} killed with SIGKILL leaves nothing running: the registry JVM,
 * its own {@code erl} nodes and those its deployer launched all end within 10 s (the test allows 15 s
 * on a loaded machine and prints the time it saw), and its temporary data directory is removed by
 * the next start. The same for {@code numbat platform --brokers 2}: the registry and both broker JVMs. The run's processes are found through /proc: the demo's descendants, and every
 * process whose environment carries a marker the test gives the demo (children inherit it, erl
 * nodes re-parented by {@code nohup} included). epmd, shared by every Erlang node of the host, is left out.
 */
class DemoKillIT {
    private static final String MARKER = "NUMBAT_IT_RUN";

    @TempDir
    Path logs;

    @Test
    void killedDemoLeavesNoProcessAndItsDataDirectoryGoesAtTheNextStart() throws Exception {
        Optional<String> why = LocalErlangNode.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        String run = UUID.randomUUID().toString();
        Path log = logs.resolve("demo.log");
        ChildNumbat demo = ChildNumbat.start(
                log,
                Map.of(MARKER, run),
                "demo",
                "--provider",
                "local",
                "--erlang-nodes",
                "2",
                "--nodes",
                "4",
                "--interval",
                "1s",
                "--cooldown",
                "30m");
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> asked = http.send(
                    HttpRequest.newBuilder(URI.create(demo.printed("deployer") + "/api/families/beam/deploy"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 2}", StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asked.statusCode()).as(asked.body()).isBetween(200, 299);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (deployedNodes(run) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(deployedNodes(run))
                    .as("erl nodes launched by the demo's deployer; log %s", log)
                    .isPositive();

            Set<Long> pids = runProcesses(run);
            demo.process().descendants().forEach(h -> pids.add(h.pid()));
            pids.remove(demo.process().pid());
            assertThat(pids.stream().map(DemoKillIT::command))
                    .as("the registry and at least 3 erl nodes (2 of the demo, 1 deployed)")
                    .anyMatch(c -> c.contains("apicurio"))
                    .filteredOn(c -> c.contains("beam.smp"))
                    .hasSizeGreaterThanOrEqualTo(3);
            Path dataDir = runDirectoryOf(demo.process().pid());
            assertThat(RunDirectory.removeAbandoned(RunDirectory.defaultParent()))
                    .as("a live run's directory stays")
                    .doesNotContain(dataDir);

            killAndAwaitNoneLeft(demo, run, pids);

            assertThat(RunDirectory.removeAbandoned(RunDirectory.defaultParent()))
                    .as("the next start removes it")
                    .contains(dataDir);
            assertThat(dataDir).doesNotExist();
        } finally {
            demo.kill();
            runProcesses(run).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void killedPlatformLeavesNoBrokerOrRegistry() throws Exception {
        String run = UUID.randomUUID().toString();
        ChildNumbat platform =
                ChildNumbat.start(logs.resolve("platform.log"), Map.of(MARKER, run), "platform", "--brokers", "2");
        try {
            Set<Long> pids = runProcesses(run);
            pids.remove(platform.process().pid());
            assertThat(pids.stream().map(DemoKillIT::command))
                    .as("the registry and two broker JVMs")
                    .anyMatch(c -> c.contains("apicurio"))
                    .filteredOn(c -> c.contains("kafka.Kafka"))
                    .hasSize(2);

            killAndAwaitNoneLeft(platform, run, pids);
        } finally {
            platform.kill();
            runProcesses(run).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** SIGKILL, then every process of the run must end within 15 s (10 s is the aim; the margin is for loaded machines). */
    private static void killAndAwaitNoneLeft(ChildNumbat child, String run, Set<Long> pids)
            throws InterruptedException {
        child.kill();
        long killed = System.nanoTime();
        Set<Long> alive = new TreeSet<>(pids);
        while (System.nanoTime() - killed < Duration.ofSeconds(15).toNanos()) {
            alive.addAll(runProcesses(run)); // anything started meanwhile counts too
            alive.removeIf(pid -> !running(pid));
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - killed) / 1e9;
        System.out.printf("DemoKillIT: %d processes of the killed run all gone after %.1f s%n", pids.size(), seconds);
        assertThat(alive.stream().map(pid -> pid + " " + command(pid)))
                .as("processes of the killed run still running %.1f s after SIGKILL", seconds)
                .isEmpty();
    }

    /** erl nodes the deployer launched: they carry NUMBAT_NODE in their environment. */
    private static long deployedNodes(String run) {
        return runProcesses(run).stream()
                .filter(pid ->
                        command(pid).contains("beam.smp") && environment(pid).contains("\0NUMBAT_NODE="))
                .count();
    }

    /** Every live process whose environment has the run's marker, except epmd. */
    private static Set<Long> runProcesses(String run) {
        Set<Long> pids = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+"))
                    .map(Long::parseLong)
                    .filter(pid -> environment(pid).contains("\0" + MARKER + "=" + run + "\0"))
                    .filter(pid -> !comm(pid).equals("epmd"))
                    .filter(DemoKillIT::running)
                    .forEach(pids::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    /** The temporary data directory whose lock file names {@code pid}. */
    private static Path runDirectoryOf(long pid) throws IOException {
        try (Stream<Path> dirs = Files.list(RunDirectory.defaultParent())) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(RunDirectory.PREFIX))
                    .filter(d -> read(d.resolve(RunDirectory.LOCK_FILE)).equals("pid " + pid + "\n"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no run directory locked by pid " + pid));
        }
    }

    /** Alive and not a zombie (a zombie has ended; only its exit status waits to be collected). */
    private static boolean running(long pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        int end = stat.lastIndexOf(')');
        return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) != 'Z';
    }

    private static String environment(long pid) {
        return "\0" + read(Path.of("/proc/" + pid + "/environ"));
    }

    private static String comm(long pid) {
        return read(Path.of("/proc/" + pid + "/comm")).strip();
    }

    private static String command(long pid) {
        return read(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
