package io.numbat.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.platform.PlatformException;
import io.numbat.processor.anomaly.AnomalyDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    @TempDir
    Path tmp;

    static String series(int rows) {
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < rows; i++) {
            b.append(i * 300_000L)
                    .append(',')
                    .append(i < 400 ? Math.sin(i / 10.0) : 50)
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void writesEveryRowWithTheDetectorsScore() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.csv"), series(500));
        Replay.Summary summary = Replay.run(in, tmp.resolve("out.csv"));
        assertThat(summary).isEqualTo(new Replay.Summary(1, 500));
        List<String> out = Files.readAllLines(tmp.resolve("out.csv"));
        assertThat(out).hasSize(501);
        assertThat(out.get(0)).isEqualTo("timestamp,value,anomaly_score");
        AnomalyDetector d = new AnomalyDetector(AnomalyDetector.DEFAULT_KIND);
        List<String> rows = Files.readAllLines(in).subList(1, 501);
        for (int i = 0; i < rows.size(); i++) {
            String[] cols = rows.get(i).split(",");
            double expected = d.score(Long.parseLong(cols[0]), Double.parseDouble(cols[1]));
            assertThat(out.get(i + 1)).isEqualTo(rows.get(i) + "," + expected);
        }
        assertThat(out.get(401)).endsWith(",1.0").as("the jump to 50 is a new extreme");
    }

    @Test
    void theChosenDetectorScoresEveryRow() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.csv"), series(500));
        for (AnomalyDetector.Kind kind : AnomalyDetector.Kind.values()) {
            Path out = tmp.resolve(kind + ".csv");
            assertThat(Replay.run(in, out, kind)).isEqualTo(new Replay.Summary(1, 500));
            AnomalyDetector d = new AnomalyDetector(kind);
            List<String> rows = Files.readAllLines(in).subList(1, 501);
            List<String> scored = Files.readAllLines(out);
            for (int i = 0; i < rows.size(); i++) {
                String[] cols = rows.get(i).split(",");
                double expected = d.score(Long.parseLong(cols[0]), Double.parseDouble(cols[1]));
                assertThat(scored.get(i + 1)).isEqualTo(rows.get(i) + "," + expected);
            }
        }
    }

    @Test
    void aDirectoryIsMirroredWithAFreshDetectorPerFile() throws IOException {
        Files.createDirectories(tmp.resolve("in/a"));
        Files.createDirectories(tmp.resolve("in/b"));
        Files.writeString(tmp.resolve("in/a/one.csv"), series(300));
        Files.writeString(tmp.resolve("in/b/two.csv"), series(300));
        Files.writeString(tmp.resolve("in/b/notes.txt"), "not a series");
        Replay.Summary summary = Replay.run(tmp.resolve("in"), tmp.resolve("out"));
        assertThat(summary).isEqualTo(new Replay.Summary(2, 600));
        assertThat(Files.readAllLines(tmp.resolve("out/a/one.csv")))
                .isEqualTo(Files.readAllLines(tmp.resolve("out/b/two.csv")));
        assertThat(tmp.resolve("out/b/notes.txt")).doesNotExist();
    }

    @Test
    void aBadRowStopsTheReplayNamingTheFileRelativeToTheInputDirectory() throws IOException {
        Files.createDirectories(tmp.resolve("in/a"));
        Files.writeString(tmp.resolve("in/a/bad.csv"), "timestamp,value\n1,1\n2,x\n");
        assertThatThrownBy(() -> Replay.run(tmp.resolve("in"), tmp.resolve("out")))
                .isInstanceOf(BadSeriesException.class)
                .hasMessage("a/bad.csv line 3: value 'x' is not a number");
    }

    @Test
    void aMissingInputOrAnEmptyDirectoryIsAnError() throws IOException {
        assertThatThrownBy(() -> Replay.run(tmp.resolve("nope.csv"), tmp.resolve("out.csv")))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("cannot read input");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> Replay.run(tmp.resolve("empty"), tmp.resolve("out")))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("no *.csv files");
    }
}
