package io.numbat.platform.replay;

import io.numbat.platform.PlatformException;
import io.numbat.processor.anomaly.AnomalyDetector;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the stream processor's {@link AnomalyDetector} offline over CSV series: one file to one file,
 * or a directory tree of {@code *.csv} files to a mirrored tree, all in one JVM. Each output row is
 * the input row followed by {@code ,anomaly_score}; each file starts with a fresh detector of the chosen
 * {@link AnomalyDetector.Kind}.
 */
public final class Replay {
    /** What a replay did. */
    public record Summary(int files, long rows) {}

    private Replay() {}

    /** Replays {@code input} (a file or a directory) into {@code output} with the default detector. */
    public static Summary run(Path input, Path output) {
        return run(input, output, AnomalyDetector.DEFAULT_KIND);
    }

    /** Replays {@code input} (a file or a directory) into {@code output} with detectors of {@code kind}. */
    public static Summary run(Path input, Path output, AnomalyDetector.Kind kind) {
        if (Files.isDirectory(input)) {
            List<Path> files = csvFiles(input);
            if (files.isEmpty()) {
                throw new PlatformException("no *.csv files under input directory " + input);
            }
            long rows = 0;
            for (Path file : files) {
                rows += file(
                        kind,
                        file,
                        output.resolve(input.relativize(file).toString()),
                        input.relativize(file).toString());
            }
            return new Summary(files.size(), rows);
        }
        if (!Files.isReadable(input)) {
            throw new PlatformException("cannot read input " + input + ": no such file or directory");
        }
        Path target = Files.isDirectory(output) ? output.resolve(input.getFileName()) : output;
        return new Summary(1, file(kind, input, target, input.toString()));
    }

    private static List<Path> csvFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".csv") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new PlatformException("cannot list input directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replays one file; returns its rows. */
    static long file(AnomalyDetector.Kind kind, Path input, Path output, String name) {
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new PlatformException("cannot create output directory for " + output + ": " + e.getMessage(), e);
        }
        AnomalyDetector detector = new AnomalyDetector(kind);
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(input);
                BufferedWriter out = Files.newBufferedWriter(output)) {
            SeriesCsv csv = new SeriesCsv(in, name);
            out.write("timestamp,value,anomaly_score\n");
            while (csv.next()) {
                double score = detector.score(csv.timestampMillis(), csv.value());
                out.write(csv.row());
                out.write(',');
                out.write(Double.toString(score));
                out.write('\n');
                rows++;
            }
        } catch (IOException e) {
            throw new PlatformException("cannot replay " + name + " into " + output + ": " + e, e);
        }
        return rows;
    }
}
