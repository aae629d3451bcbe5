package io.numbat.agent.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, ordered store-and-forward log on local disk. Every record is appended here first and
 * read back in order by the shipper; a segment is deleted once all its records are acknowledged.
 * Past the size or age bound the oldest segment is dropped and its unsent records are counted as
 * dropped. Records left by an earlier run are sent again on start (at-least-once across restarts).
 *
 * <p>A full disk (any {@link IOException} writing) never fails an append: the oldest segments are
 * dropped, their unsent records counted, until the record fits. If it does not fit even with the
 * spool empty, records wait in a small bounded queue in memory (its overflow dropped and counted)
 * and the disk is tried again a second later; records keep their order throughout.
 */
public final class DiskSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);
    /** Segment id of records that wait in memory. */
    static final long IN_MEMORY = -1;

    private static final long DISK_RETRY_MILLIS = 1_000;

    private final Path dir;
    private final long maxBytes;
    private final Duration maxAge;
    private final long segmentBytes;
    private final Clock clock;
    private final SegmentFiles files;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final MemoryQueue memory;
    private final RateLimitedLog writeFailures = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private long nextId;
    private long bytes;
    private long dropped;
    private long pending;
    private long torn;
    private long diskFailedAtMillis;

    /**
     * @param maxBytes bound on the spool's size on disk
     * @param maxAge records older than this are dropped rather than sent
     * @param segmentBytes size at which a new segment file is started
     */
    public DiskSpool(Path dir, long maxBytes, Duration maxAge, long segmentBytes, Clock clock) {
        this(dir, maxBytes, maxAge, segmentBytes, clock, SegmentFiles.LOCAL);
    }

    /** @param files how segment files are opened for appending (a full disk in the tests) */
    public DiskSpool(Path dir, long maxBytes, Duration maxAge, long segmentBytes, Clock clock, SegmentFiles files) {
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException(
                    "spool size bound " + maxBytes + " must be at least one segment (" + segmentBytes + " bytes)");
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.files = files;
        this.memory = new MemoryQueue(Math.min(segmentBytes, 8L << 20));
        List<Path> found;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> list = Files.list(dir)) {
                found = list.filter(f -> f.getFileName().toString().matches("segment-\\d+\\.spool"))
                        .sorted()
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + dir + ": " + e, e);
        }
        for (Path f : found) {
            long id = Long.parseLong(f.getFileName().toString().replaceAll("\\D", ""));
            nextId = id + 1;
            try {
                Segment s = Segment.recover(id, f);
                segments.addLast(s);
                bytes += s.bytes;
                pending += s.records;
                if (s.tornBytes > 0) {
                    torn++;
                    LOG.warn(
                            "spool segment {} ends in a torn record ({} bytes, a write cut short by a full disk or "
                                    + "a crash): skipped; its {} whole records are sent",
                            f,
                            s.tornBytes,
                            s.records);
                }
            } catch (IOException e) {
                LOG.warn("spool segment {} left by an earlier run cannot be read and is skipped: {}", f, e.toString());
            }
        }
        if (pending > 0) {
            LOG.info("spool {} holds {} records from an earlier run; they are sent first", dir, pending);
        }
    }

    /**
     * Appends a record, on disk if it can: may drop the oldest segment to stay within the bounds or
     * to make room on a full disk. Never throws for a failing disk.
     */
    public synchronized void append(String key, byte[] value, long timestampMillis) {
        boolean tryDisk = memory.isEmpty() || clock.millis() - diskFailedAtMillis >= DISK_RETRY_MILLIS;
        // records go to disk through the memory queue, oldest first: what waits there is newer than the disk
        long lost = memory.add(new SpooledRecord(IN_MEMORY, key, value, timestampMillis));
        pending += 1 - lost;
        if (lost > 0) {
            dropped += lost;
            writeFailures.warn(
                    "spool {}: the batches waiting in memory are over their bound ({} bytes): dropped "
                            + "the oldest ({} dropped in all)",
                    dir,
                    memory.maxBytes,
                    dropped);
        }
        if (tryDisk && moveMemoryToDisk()) {
            enforceBounds();
        }
        notifyAll();
    }

    private enum Write {
        WRITTEN,
        RESCUED,
        FAILED
    }

    private boolean moveMemoryToDisk() {
        boolean mayRescue = true;
        while (!memory.isEmpty()) {
            switch (writeToDisk(memory.peek(), mayRescue)) {
                case WRITTEN -> memory.poll();
                case RESCUED -> mayRescue = false; // once: the disk may not hold them either
                case FAILED -> {
                    diskFailedAtMillis = clock.millis();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes a record to the active segment. While the disk refuses it, frees space: the oldest
     * segment is dropped (its unsent records counted), except that the unsent tail of the only
     * segment, if it fits, is moved to the head of the memory queue (RESCUED) so that a disk
     * smaller than one segment loses nothing while Kafka keeps up. FAILED: the spool is empty and
     * the disk still refuses.
     */
    private Write writeToDisk(SpooledRecord r, boolean mayRescue) {
        while (true) {
            Segment active = segments.peekLast();
            if (active == null || active.sealed || active.bytes >= segmentBytes) {
                if (active != null) {
                    active.seal();
                }
                active = new Segment(nextId, Segment.fileFor(dir, nextId));
                nextId++;
                segments.addLast(active);
            }
            try {
                long before = active.bytes;
                active.append(files, r.key(), r.value(), r.timestampMillis());
                bytes += active.bytes - before;
                return Write.WRITTEN;
            } catch (IOException e) {
                active.seal(); // a torn record may follow its last whole one
                if (active.records == 0) {
                    segments.removeLast();
                    deleteQuietly(active);
                }
                if (segments.isEmpty()) {
                    writeFailures.warn(
                            "spool {} cannot be written ({}) even empty: batches wait in memory (at most "
                                    + "{} bytes, then the oldest are dropped and counted) and go out as Kafka takes them",
                            dir,
                            e.toString(),
                            memory.maxBytes);
                    return Write.FAILED;
                }
                if (mayRescue && segments.size() == 1 && rescue(segments.peekFirst())) {
                    return Write.RESCUED;
                }
                long unsent = drop(segments.removeFirst());
                writeFailures.warn(
                        "spool {} cannot be written ({}): dropped its oldest segment, {} unsent batches "
                                + "({} dropped in all)",
                        dir,
                        e.toString(),
                        unsent,
                        dropped);
            }
        }
    }

    /** Moves the unread records of a segment to the head of the memory queue and deletes it, if they fit. */
    private boolean rescue(Segment s) {
        long unread = s.records - s.read;
        if (unread == 0 || (s.bytes / s.records) * unread > memory.room()) { // none: dropping it costs nothing
            return false;
        }
        List<SpooledRecord> rescued = new ArrayList<>();
        try {
            while (s.hasUnread()) {
                SpooledRecord r = s.readNext();
                rescued.add(new SpooledRecord(IN_MEMORY, r.key(), r.value(), r.timestampMillis()));
            }
        } catch (IOException e) {
            return false;
        }
        segments.remove(s);
        bytes -= s.bytes;
        deleteQuietly(s);
        memory.addFirst(rescued);
        return true;
    }

    /** Deletes a segment that has left the deque; its unsent records count as dropped. */
    private long drop(Segment s) {
        long unsent = s.abandonUnread();
        dropped += unsent;
        pending -= unsent;
        bytes -= s.bytes;
        deleteQuietly(s);
        return unsent;
    }

    private void deleteQuietly(Segment s) {
        try {
            s.delete();
        } catch (IOException e) {
            LOG.warn("cannot delete spool segment {}: {}", s.file, e.toString());
        }
    }

    private void enforceBounds() {
        long oldestAllowed = clock.millis() - maxAge.toMillis();
        while (segments.size() > 1 && (bytes > maxBytes || segments.peekFirst().newestMillis < oldestAllowed)) {
            Segment s = segments.removeFirst();
            long unsent = drop(s);
            LOG.warn(
                    "spool over its bound ({} bytes, max {}; max age {}): dropped {} unsent records",
                    bytes + s.bytes,
                    maxBytes,
                    maxAge,
                    unsent);
        }
    }

    /** The next record to send, waiting up to {@code timeout} for one; empty if none came. */
    public synchronized Optional<SpooledRecord> next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Segment s : segments) {
                if (s.hasUnread()) {
                    try {
                        SpooledRecord r = s.readNext();
                        pending--;
                        return Optional.of(r);
                    } catch (IOException e) {
                        long lost = s.abandonUnread();
                        dropped += lost;
                        pending -= lost;
                        LOG.warn(
                                "spool segment {} cannot be read ({}): its {} unread records are dropped",
                                s.file,
                                e.toString(),
                                lost);
                    }
                }
            }
            if (!memory.isEmpty()) {
                pending--;
                return Optional.of(memory.poll());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The record was written to Kafka; fully acknowledged segments other than the active one are deleted. */
    public synchronized void acked(SpooledRecord r) {
        for (Segment s : segments) {
            if (s.id == r.segment()) {
                s.acked++;
                break;
            }
        }
        while (!segments.isEmpty()) {
            Segment head = segments.peekFirst();
            boolean active = head == segments.peekLast() && !head.sealed;
            if (active || head.acked < head.records) {
                break;
            }
            segments.removeFirst();
            bytes -= head.bytes;
            deleteQuietly(head);
        }
    }

    /** Bytes on disk. */
    public synchronized long bytes() {
        return bytes;
    }

    /**
     * Records dropped and never to be sent: past the size or age bound, to make room on a full disk,
     * past the in-memory queue's bound, or unreadable.
     */
    public synchronized long dropped() {
        return dropped;
    }

    /** Torn records (cut short by a full disk or a crash) found in the segments of an earlier run and skipped. */
    public synchronized long torn() {
        return torn;
    }

    /** Records appended but not yet handed to Kafka. */
    public synchronized long pending() {
        return pending;
    }

    /** Seals the segments; records still waiting in memory are written to disk if it takes them, else dropped. */
    @Override
    public synchronized void close() {
        if (!moveMemoryToDisk()) {
            long lost = memory.clear();
            dropped += lost;
            pending -= lost;
            LOG.warn("spool {} cannot be written: {} batches waiting in memory are dropped", dir, lost);
        }
        for (Segment s : segments) {
            s.seal();
        }
    }
}
