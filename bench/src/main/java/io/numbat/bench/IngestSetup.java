package io.numbat.bench;

import io.numbat.platform.cli.DurationConverter;
import io.numbat.processor.ProcessorSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The system an ingest benchmark measures, as options: how many brokers, and the processor's guarantee. */
final class IngestSetup {
    @Option(names = "--exactly-once", description = "Run the processor with exactly_once_v2.")
    boolean exactlyOnce;

    @Option(
            names = "--brokers",
            defaultValue = "1",
            description =
                    "Embedded brokers; 3 replicates every topic 3 times with min.insync.replicas 2 (default ${DEFAULT-VALUE}).")
    int brokers;

    @Option(
            names = "--commit-interval",
            converter = DurationConverter.class,
            description =
                    "The processor's --commit-interval (default: the processor's, 30s at least once, 1s exactly once).")
    Duration commitInterval;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "The processor's --stream-threads (default ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(
            names = "--stores",
            paramLabel = "memory|rocksdb",
            defaultValue = "memory",
            description = "The processor's --stores (default ${DEFAULT-VALUE}).")
    String stores;

    @Option(
            names = "--processor-heap",
            paramLabel = "SIZE",
            defaultValue = "780m",
            description = "The processor's maximum heap, as java's -Xmx takes it (default ${DEFAULT-VALUE}).")
    String processorHeap;

    @Option(
            names = "--processor-young",
            paramLabel = "SIZE",
            defaultValue = "180m",
            description = "The processor's young generation, as java's -Xmn takes it (default ${DEFAULT-VALUE}: the"
                    + " JVM's third of the heap left the old generation about 40 MB above the live state at 10,000"
                    + " nodes, and it collected it fully every few ticks).")
    String processorYoung;

    @Option(
            names = "--anomaly-detector",
            paramLabel = "transition|seasonal|ensemble",
            description = "The processor's --anomaly-detector (default: the processor's).")
    String anomalyDetector;

    @Option(
            names = "--processor-gc-log",
            paramLabel = "FILE",
            description =
                    "Write the processor's GC log (wall-clock times) to FILE, to line pauses up with alarm latency.")
    Path processorGcLog;

    @Option(
            names = "--processor-gc",
            paramLabel = "serial|parallel|g1",
            defaultValue = "serial",
            description = "The processor's garbage collector (default ${DEFAULT-VALUE}).")
    String processorGc;

    /** The processor's commit interval, as set or its default. */
    Duration commitInterval() {
        return commitInterval != null ? commitInterval : ProcessorSettings.defaultCommitInterval(exactlyOnce);
    }

    /** Starts the platform and then the processor, each in a child process, with their files under {@code dir}. */
    IngestRig start(Path dir) throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + size("--processor-heap", processorHeap)));
        jvm.add(
                switch (processorGc) {
                    case "serial" -> "-XX:+UseSerialGC";
                    case "parallel" -> "-XX:+UseParallelGC";
                    case "g1" -> "-XX:+UseG1GC";
                    default ->
                        throw new IllegalArgumentException(
                                "--processor-gc: '" + processorGc + "' is not one of serial, parallel, g1");
                });
        if (processorGcLog != null) {
            jvm.add("-Xlog:gc:file=" + processorGcLog.toAbsolutePath() + ":time,uptime");
        }
        jvm.add("-Xmn" + size("--processor-young", processorYoung));
        NumbatProcess platform = NumbatProcess.platform(dir.resolve("platform"), brokers);
        try {
            List<String> args = new ArrayList<>(List.of(
                    "processor",
                    "--bootstrap-servers",
                    platform.connection().bootstrapServers(),
                    "--schema-registry",
                    platform.connection().schemaRegistryUrl(),
                    "--data-dir",
                    dir.resolve("processor").toString()));
            if (exactlyOnce) {
                args.add("--exactly-once");
            }
            args.addAll(List.of("--stream-threads", Integer.toString(streamThreads), "--stores", stores));
            if (commitInterval != null) {
                args.addAll(List.of("--commit-interval", commitInterval.toMillis() + "ms"));
            }
            if (anomalyDetector != null) {
                args.addAll(List.of("--anomaly-detector", anomalyDetector));
            }
            NumbatProcess processor = NumbatProcess.start(dir.resolve("processor"), jvm, args.toArray(String[]::new));
            return new IngestRig(platform, processor);
        } catch (IOException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private static String size(String option, String value) {
        if (!value.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException(
                    option + ": '" + value + "' is not a memory size as java takes it (e.g. 128m, 1g)");
        }
        return value;
    }

    /** {@code exactly_once_v2} or {@code at_least_once}. */
    String guarantee() {
        return exactlyOnce ? "exactly_once_v2" : "at_least_once";
    }
}
