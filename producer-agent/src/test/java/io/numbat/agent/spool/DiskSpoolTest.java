package io.numbat.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
    private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static byte[] value(int i) {
        return ("value-" + i + "-" + "x".repeat(80)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<SpooledRecord> drain(DiskSpool spool) throws InterruptedException {
        List<SpooledRecord> out = new ArrayList<>();
        Optional<SpooledRecord> r;
        while ((r = spool.next(Duration.ZERO)).isPresent()) {
            out.add(r.get());
        }
        return out;
    }

    private long files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void givesRecordsBackInTheOrderTheyWereAppended() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, Duration.ofHours(1), 1_000, clock)) {
            for (int i = 0; i < 100; i++) {
                spool.append("node-" + (i % 7), value(i), NOW);
            }
            List<SpooledRecord> out = drain(spool);
            assertThat(out).hasSize(100);
            for (int i = 0; i < 100; i++) {
                assertThat(new String(out.get(i).value(), StandardCharsets.UTF_8))
                        .startsWith("value-" + i + "-");
                assertThat(out.get(i).key()).isEqualTo("node-" + (i % 7));
            }
            assertThat(spool.pending()).isZero();
        }
    }

    @Test
    void interleavedAppendsAndReadsKeepOrder() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, Duration.ofHours(1), 500, clock)) {
            List<SpooledRecord> out = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                spool.append("n", value(i), NOW);
                if (i % 3 == 0) {
                    out.addAll(drain(spool));
                }
            }
            out.addAll(drain(spool));
            assertThat(out)
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8).split("-")[1])
                    .containsExactlyElementsOf(
                            IntStream.range(0, 50).mapToObj(String::valueOf).toList());
        }
    }

    @Test
    void deletesSegmentsOnceEveryRecordIsAcknowledged() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, Duration.ofHours(1), 1_000, clock)) {
            for (int i = 0; i < 60; i++) {
                spool.append("n", value(i), NOW);
            }
            long before = files();
            assertThat(before).isGreaterThan(3);
            drain(spool).forEach(spool::acked);
            assertThat(files()).isEqualTo(1); // the active segment stays
            assertThat(spool.bytes()).isLessThan(1_000 + 200);
        }
    }

    @Test
    void overTheSizeBoundDropsTheOldestUnsentRecordsAndCountsThem() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 4_000, Duration.ofHours(1), 1_000, clock)) {
            for (int i = 0; i < 200; i++) {
                spool.append("n", value(i), NOW);
            }
            assertThat(spool.bytes()).isLessThanOrEqualTo(4_000);
            assertThat(spool.dropped()).isPositive();
            List<SpooledRecord> out = drain(spool);
            assertThat(spool.dropped() + out.size()).isEqualTo(200);
            assertThat(new String(out.get(out.size() - 1).value(), StandardCharsets.UTF_8))
                    .startsWith("value-199-");
        }
    }

    @Test
    void recordsOlderThanTheAgeBoundAreDropped() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, Duration.ofMinutes(10), 500, clock)) {
            for (int i = 0; i < 20; i++) {
                spool.append("n", value(i), NOW - Duration.ofMinutes(30).toMillis());
            }
            spool.append("n", value(99), NOW);
            List<SpooledRecord> out = drain(spool);
            assertThat(spool.dropped()).isPositive();
            assertThat(out)
                    .allSatisfy(r -> assertThat(r.timestampMillis()
                                    >= NOW - Duration.ofMinutes(30).toMillis())
                            .isTrue());
            assertThat(new String(out.get(out.size() - 1).value(), StandardCharsets.UTF_8))
                    .startsWith("value-99-");
        }
    }

    @Test
    void recordsLeftByAnEarlierRunAreSentFirstAndATornTailIsCut() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, Duration.ofHours(1), 1_000, clock)) {
            for (int i = 0; i < 30; i++) {
                spool.append("n", value(i), NOW);
            }
        }
        Path last;
        try (Stream<Path> s = Files.list(dir)) {
            last = s.sorted().reduce((a, b) -> b).orElseThrow();
        }
        Files.write(last, new byte[] {0, 0, 0, 5, 'h', 'a'}, StandardOpenOption.APPEND); // a record cut short
        try (DiskSpool again = new DiskSpool(dir, 1 << 20, Duration.ofHours(1), 1_000, clock)) {
            assertThat(again.pending()).isEqualTo(30);
            again.append("n", value(30), NOW);
            List<SpooledRecord> out = drain(again);
            assertThat(out).hasSize(31);
            assertThat(new String(out.get(30).value(), StandardCharsets.UTF_8)).startsWith("value-30-");
        }
    }

    @Test
    void refusesABoundSmallerThanOneSegment() {
        assertThatThrownBy(() -> new DiskSpool(dir, 100, Duration.ofHours(1), 1_000, clock))
                .hasMessageContaining("at least one segment");
    }

    @Test
    void nextWaitsForARecord() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, 1 << 20, Duration.ofHours(1), 1_000, clock)) {
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                spool.append("n", value(1), NOW);
            });
            writer.start();
            assertThat(spool.next(Duration.ofSeconds(10))).isPresent();
            writer.join();
        }
    }
}
