package io.numbat.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on a disk that fills up: issue 12, observation 4. */
class DiskSpoolFullDiskTest {
    private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long BOUND = 1 << 20; // larger than the disk: the disk fills first

    private final MutableClock clock = new MutableClock(NOW);

    @TempDir
    Path dir;

    private static byte[] value(int i) {
        return ("value-" + i + "-" + "x".repeat(80)).getBytes(StandardCharsets.UTF_8);
    }

    private static int number(SpooledRecord r) {
        return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).split("-")[1]);
    }

    private static List<SpooledRecord> drain(DiskSpool spool) throws InterruptedException {
        List<SpooledRecord> out = new ArrayList<>();
        Optional<SpooledRecord> r;
        while ((r = spool.next(Duration.ZERO)).isPresent()) {
            out.add(r.get());
        }
        return out;
    }

    @Test
    void aFullDiskDropsTheOldestSegmentsCountsThemAndKeepsAppending() throws Exception {
        TinyDisk disk = new TinyDisk(dir, 5_000);
        try (DiskSpool spool = new DiskSpool(dir, BOUND, Duration.ofHours(1), 1_000, clock, disk)) {
            for (int i = 0; i < 300; i++) {
                spool.append("n", value(i), NOW); // Kafka away: nothing is read
            }
            assertThat(disk.failures()).isPositive();
            assertThat(disk.used()).isLessThanOrEqualTo(5_000);
            assertThat(spool.dropped()).isPositive();
            assertThat(spool.pending()).isEqualTo(300 - spool.dropped());

            List<SpooledRecord> out = drain(spool);
            // whole segments of the oldest went: what is left is the newest, in order, none missing
            assertThat(out)
                    .extracting(DiskSpoolFullDiskTest::number)
                    .containsExactlyElementsOf(
                            IntStream.range(300 - out.size(), 300).boxed().toList());
            assertThat(spool.dropped() + out.size()).isEqualTo(300);
        }
    }

    @Test
    void aDiskSmallerThanOneSegmentLosesNothingWhileTheReaderKeepsUp() throws Exception {
        TinyDisk disk = new TinyDisk(dir, 3_000); // room for about 28 records; a segment would be 500 KB
        List<SpooledRecord> out = new ArrayList<>();
        try (DiskSpool spool = new DiskSpool(dir, BOUND, Duration.ofHours(1), 500_000, clock, disk)) {
            for (int i = 0; i < 300; i++) {
                spool.append("n", value(i), NOW);
                if (i >= 2) { // Kafka up, two batches behind
                    SpooledRecord r = spool.next(Duration.ZERO).orElseThrow();
                    out.add(r);
                    spool.acked(r);
                }
            }
            out.addAll(drain(spool));
            assertThat(disk.failures()).isPositive();
            assertThat(spool.dropped()).isZero();
            assertThat(out)
                    .extracting(DiskSpoolFullDiskTest::number)
                    .containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
        }
    }

    @Test
    void aDiskThatTakesNothingKeepsTheNewestInMemoryCountsTheRestAndGoesBackToDiskInOrder() throws Exception {
        TinyDisk disk = new TinyDisk(dir, 0);
        try (DiskSpool spool = new DiskSpool(dir, BOUND, Duration.ofHours(1), 1_000, clock, disk)) {
            for (int i = 0; i < 50; i++) {
                spool.append("n", value(i), NOW);
            }
            assertThat(spool.dropped()).isPositive(); // the in-memory queue is bounded too
            assertThat(spool.bytes()).isZero();
            List<SpooledRecord> first = drain(spool);
            assertThat(first)
                    .extracting(DiskSpoolFullDiskTest::number)
                    .containsExactlyElementsOf(
                            IntStream.range(50 - first.size(), 50).boxed().toList());
            assertThat(spool.dropped() + first.size()).isEqualTo(50);

            spool.append("n", value(50), NOW); // waits in memory: the disk is tried again a second later
            disk.resize(BOUND); // space was freed
            spool.append("n", value(51), NOW);
            assertThat(spool.bytes()).isZero();
            clock.advance(Duration.ofSeconds(1));
            spool.append("n", value(52), NOW);
            assertThat(spool.bytes()).isPositive(); // 50, 51 and 52 went to disk, in that order
            assertThat(drain(spool)).extracting(DiskSpoolFullDiskTest::number).containsExactly(50, 51, 52);
        }
    }

    @Test
    void aRestartOverAFullDiskWithATornLastRecordReplaysEveryWholeRecordAndCountsTheTornOne() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, BOUND, Duration.ofHours(1), 1_000, clock)) {
            for (int i = 0; i < 30; i++) {
                spool.append("n", value(i), NOW);
            }
        }
        Path last;
        try (Stream<Path> s = Files.list(dir)) {
            last = s.sorted().reduce((a, b) -> b).orElseThrow();
        }
        // the first 40 bytes of the record that was being written when the disk filled
        byte[] key = "n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(16 + key.length + value(30).length);
        record.putInt(key.length)
                .put(key)
                .putInt(value(30).length)
                .put(value(30))
                .putLong(NOW);
        Files.write(last, Arrays.copyOf(record.array(), 40), StandardOpenOption.APPEND);
        TinyDisk full = new TinyDisk(dir, new TinyDisk(dir, 0).used());

        try (DiskSpool again = new DiskSpool(dir, BOUND, Duration.ofHours(1), 1_000, clock, full)) {
            assertThat(again.torn()).isEqualTo(1);
            assertThat(again.pending()).isEqualTo(30);
            List<SpooledRecord> replayed = drain(again);
            assertThat(replayed)
                    .extracting(DiskSpoolFullDiskTest::number)
                    .containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());

            for (int i = 100; i < 105; i++) {
                again.append("n", value(i), NOW); // the disk is still full: sent segments make room
            }
            assertThat(drain(again)).extracting(DiskSpoolFullDiskTest::number).containsExactly(100, 101, 102, 103, 104);
            assertThat(again.dropped()).isZero();
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
