package io.numbat.platform.cli;

import io.numbat.platform.replay.Replay;
import io.numbat.processor.anomaly.AnomalyDetector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code numbat replay}: the stream processor's anomaly detector, offline over CSV files. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Score CSV series (timestamp,value with a header) with the online anomaly detector and write "
                + "timestamp,value,anomaly_score per row. A directory is replayed into a mirrored tree of *.csv files. "
                + "A row that cannot be read stops the replay with an error naming the file and line.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--input",
            paramLabel = "PATH",
            required = true,
            description = "A CSV file, or a directory whose *.csv files (at any depth) are replayed.")
    Path input;

    @Option(
            names = "--output",
            paramLabel = "PATH",
            required = true,
            description = "The output file (or directory for a directory input; the tree is mirrored).")
    Path output;

    @Option(
            names = "--detector",
            paramLabel = "transition|seasonal|ensemble",
            defaultValue = AnomalyDetector.DEFAULT_KIND_NAME,
            converter = DetectorKindConverter.class,
            description = "The anomaly detector's novelty model: the transition model, the seasonal baseline (a "
                    + "daily profile; the processor's default), or both combined by the smaller tail probability "
                    + "(default ${DEFAULT-VALUE}).")
    AnomalyDetector.Kind detector;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Replay.Summary summary = Replay.run(input, output, detector);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(
                Locale.ROOT,
                "replayed %d files, %d rows in %.2f s (%.0f rows/s) into %s with the %s detector",
                summary.files(),
                summary.rows(),
                seconds,
                summary.rows() / Math.max(seconds, 1e-9),
                output,
                detector.name().toLowerCase(Locale.ROOT)));
        out.flush();
        return 0;
    }
}
