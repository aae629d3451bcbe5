package io.numbat.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numbat.platform.EmbeddedPlatform;
import io.numbat.platform.registry.ApicurioHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image the build wrote (-Pimages: docker/target/numbat-image.tar) works without Docker: unpacked layer
 * by layer and run through its own entrypoint in a chroot, as its unprivileged user, the jlinked JRE on the
 * host's copied libraries starts the numbat command line.
 */
class ImageChrootIT {
    @TempDir
    static Path work;

    private static ImageArchive image;

    @BeforeAll
    static void unpack() throws Exception {
        String unavailable = Chroot.unavailableReason();
        assumeTrue(unavailable == null, unavailable);
        Path tar = Path.of(System.getProperty("numbat.image.tar", "target/numbat-image.tar"));
        assertThat(tar).as("the image tarball (mvn -Pimages package)").isRegularFile();
        image = ImageArchive.unpack(tar, work);
    }

    @Test
    void entrypointRunsTheNumbatCommandLineAsTheImagesUser() throws Exception {
        assertThat(image.user()).as("the image's user").isEqualTo("65534:65534");

        Chroot.Result help = Chroot.run(image, List.of("--help"));

        assertThat(help.exitCode()).as("numbat --help; stderr: %s", help.stderr()).isZero();
        assertThat(help.stdout()).contains("Usage: numbat");
        for (String command : List.of("fleet", "processor", "console", "agent", "bench")) {
            assertThat(help.stdout()).as("commands listed").containsPattern("(?m)^  " + command + " ");
        }
    }

    /** Class loading, the anomaly detector and file output under the jlinked JRE, as the image's user in /tmp. */
    @Test
    void replayScoresASeriesInsideTheImage() throws Exception {
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < 500; i++) {
            rows.add((1_700_000_000_000L + i * 60_000L) + "," + (i == 400 ? 900.0 : 10.0 + i % 7));
        }
        Files.write(image.rootfs().resolve("tmp/series.csv"), rows);

        Chroot.Result replay = Chroot.run(image, List.of("replay", "--input", "/tmp/series.csv", "--output",
                "/tmp/scored.csv"));

        assertThat(replay.exitCode()).as("numbat replay; stderr: %s", replay.stderr()).isZero();
        List<String> scored = Files.readAllLines(image.rootfs().resolve("tmp/scored.csv"));
        assertThat(scored).hasSize(rows.size());
        assertThat(scored.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(scored.get(401)).startsWith(rows.get(401) + ",");
        double spike = score(scored.get(401));
        assertThat(spike).as("the spike's anomaly score").isGreaterThan(0.5);
        assertThat(scored.subList(1, 400).stream().mapToDouble(ImageChrootIT::score).max().orElseThrow())
                .as("highest score before the spike").isLessThan(spike);
    }

    /**
     * The Kafka clients, the registry's HTTP client and Kafka Streams with RocksDB's native library (unpacked
     * into /tmp, linked against the image's libstdc++ and glibc) in the image, against a real broker and
     * registry on the host's loopback (the chroot shares the host's network).
     */
    @Test
    void processorReachesRunningAgainstARealBrokerAndRegistry(@TempDir Path platformDir) throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(platformDir, 0, 0, ApicurioHome.locate());
             Chroot.Background processor = Chroot.start(image, List.of("processor"), Map.of(
                     "NUMBAT_BOOTSTRAP_SERVERS", platform.connection().bootstrapServers(),
                     "NUMBAT_SCHEMA_REGISTRY", platform.connection().schemaRegistryUrl()))) {
            assertThat(processor.awaitLine("numbat ready", Duration.ofSeconds(180)))
                    .as("numbat ready on stdout: %s", processor.lines()).isTrue();
            try (Stream<Path> tmp = Files.list(image.rootfs().resolve("tmp"))) {
                assertThat(tmp.map(p -> p.getFileName().toString()))
                        .as("RocksDB's native library unpacked into the image's /tmp").anyMatch(n -> n.contains("rocksdbjni"));
            }
            assertThat(processor.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
        }
    }

    private static double score(String row) {
        return Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
    }
}
