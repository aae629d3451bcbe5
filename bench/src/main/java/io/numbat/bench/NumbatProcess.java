package io.numbat.bench;

import io.numbat.platform.PlatformException;
import io.numbat.schemas.topic.ClusterConnection;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code numbat} command (the platform, the processor) in a child JVM, so that a benchmark can
 * measure each process on its own. Started, it has printed {@code numbat ready}.
 */
final class NumbatProcess implements AutoCloseable {
    private final Process process;
    private final ClusterConnection connection;
    private final Map<String, String> printed;

    private NumbatProcess(Process process, ClusterConnection connection, Map<String, String> printed) {
        this.process = process;
        this.connection = connection;
        this.printed = printed;
    }

    /** Runs {@code numbat <args>} with its stderr in {@code logDir/<first arg>.log}. */
    static NumbatProcess start(Path logDir, String heap, String... args) throws IOException {
        return start(logDir, List.of(heap), args);
    }

    /** As above, with these JVM options (the heap among them); the serial collector unless they name one. */
    static NumbatProcess start(Path logDir, List<String> jvmOptions, String... args) throws IOException {
        Files.createDirectories(logDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (jvmOptions.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            cmd.add("-XX:+UseSerialGC");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        String apicurio = System.getProperty("numbat.apicurio.home");
        if (apicurio != null) {
            cmd.add("-Dnumbat.apicurio.home=" + apicurio);
        }
        cmd.add("io.numbat.platform.cli.Numbat");
        cmd.addAll(List.of(args));
        Path log = logDir.resolve(args[0] + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String kafka = null;
        String registry = null;
        Map<String, String> printed = new HashMap<>();
        for (String line; (line = out.readLine()) != null; ) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                printed.put(line.substring(0, eq), line.substring(eq + 1));
            }
            if (line.startsWith("kafka=")) {
                kafka = line.substring(6);
            } else if (line.startsWith("registry=")) {
                registry = line.substring(9);
            } else if (line.equals("numbat ready")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "numbat-" + args[0] + "-stdout");
                drain.setDaemon(true);
                drain.start();
                return new NumbatProcess(p, kafka == null ? null : new ClusterConnection(kafka, registry), printed);
            }
        }
        p.destroyForcibly();
        throw new PlatformException("'numbat " + String.join(" ", args) + "' ended before it was ready; see " + log);
    }

    /** The embedded platform's (the {@code platform} command) broker and registry. */
    static NumbatProcess platform(Path dataDir) throws IOException {
        return platform(dataDir, 1);
    }

    /** The embedded platform with {@code brokers} brokers (more than one run as child processes). */
    static NumbatProcess platform(Path dataDir, int brokers) throws IOException {
        return start(
                dataDir,
                "-Xmx512m",
                "platform",
                "--data-dir",
                dataDir.toString(),
                "--brokers",
                String.valueOf(brokers));
    }

    /** A {@code key=value} line the process printed before it was ready, e.g. {@code deployer}. */
    String printed(String key) {
        return printed.get(key);
    }

    /** Heap in use in MB (every generation) as {@code jcmd GC.heap_info} reports it; -1 if jcmd is not there. */
    double heapUsedMb() {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(pid()),
                            "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            Matcher m =
                    Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(text);
            long usedKb = -1;
            while (m.find()) {
                usedKb = Math.max(usedKb, 0) + Long.parseLong(m.group(1));
            }
            return usedKb < 0 ? -1 : usedKb / 1024.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    ClusterConnection connection() {
        return connection;
    }

    long pid() {
        return process.pid();
    }

    /** CPU seconds the process and its children (the registry, broker processes) have used so far, from /proc; -1 without /proc. */
    double cpuSeconds() {
        try {
            double sum = 0;
            for (long pid : tree()) {
                String[] f = Files.readString(Path.of("/proc/" + pid + "/stat"))
                        .replaceAll(".*\\) ", "")
                        .split(" ");
                sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident memory in MB of the process and its children, from /proc; -1 without /proc. */
    double rssMb() {
        double sum = 0;
        for (long pid : tree()) {
            double mb = ProcessStats.rssMb(pid);
            if (mb < 0) {
                return -1;
            }
            sum += mb;
        }
        return sum;
    }

    private List<Long> tree() {
        List<Long> pids = new ArrayList<>(List.of(pid()));
        process.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    /** SIGKILL, as a crash: no shutdown hook runs. Waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
