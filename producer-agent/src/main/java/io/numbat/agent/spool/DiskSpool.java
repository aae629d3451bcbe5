package io.numbat.agent.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, ordered store-and-forward log on local disk. Every record is appended here first and
 * read back in order by the shipper; a segment is deleted once all its records are acknowledged.
 * Past the size or age bound the oldest segment is dropped and its unsent records are counted as
 * dropped. Records left by an earlier run are sent again on start (at-least-once across restarts).
 */
public final class DiskSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);

    private final Path dir;
    private final long maxBytes;
    private final Duration maxAge;
    private final long segmentBytes;
    private final Clock clock;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long nextId;
    private long bytes;
    private long dropped;
    private long pending;

    /**
     * @param maxBytes bound on the spool's size on disk
     * @param maxAge records older than this are dropped rather than sent
     * @param segmentBytes size at which a new segment file is started
     */
    public DiskSpool(Path dir, long maxBytes, Duration maxAge, long segmentBytes, Clock clock) {
        if (maxBytes < segmentBytes) {
            throw new IllegalArgumentException("spool size bound " + maxBytes + " must be at least one segment ("
                    + segmentBytes + " bytes)");
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("segment-\\d+\\.spool")).sorted().toList()) {
                    long id = Long.parseLong(f.getFileName().toString().replaceAll("\\D", ""));
                    Segment s = Segment.recover(id, f);
                    segments.addLast(s);
                    bytes += s.bytes;
                    pending += s.records;
                    nextId = id + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spool directory " + dir + ": " + e.getMessage(), e);
        }
        if (pending > 0) {
            LOG.info("spool {} holds {} records from an earlier run; they are sent first", dir, pending);
        }
    }

    /** Appends a record; may drop the oldest segment to stay within the bounds. */
    public synchronized void append(String key, byte[] value, long timestampMillis) {
        try {
            Segment active = segments.peekLast();
            if (active == null || active.bytes >= segmentBytes) {
                if (active != null) {
                    active.seal();
                }
                active = new Segment(nextId, Segment.fileFor(dir, nextId));
                nextId++;
                segments.addLast(active);
            }
            long before = active.bytes;
            active.append(key, value, timestampMillis);
            bytes += active.bytes - before;
            pending++;
            enforceBounds();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to spool " + dir + ": " + e.getMessage(), e);
        }
        notifyAll();
    }

    private void enforceBounds() throws IOException {
        long oldestAllowed = clock.millis() - maxAge.toMillis();
        while (segments.size() > 1 && (bytes > maxBytes || segments.peekFirst().newestMillis < oldestAllowed)) {
            Segment s = segments.removeFirst();
            long unsent = s.records - s.read;
            dropped += unsent;
            pending -= unsent;
            bytes -= s.bytes;
            s.delete();
            LOG.warn("spool over its bound ({} bytes, max {}; max age {}): dropped {} unsent records", bytes + s.bytes,
                    maxBytes, maxAge, unsent);
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
                        throw new UncheckedIOException("cannot read spool " + s.file + ": " + e.getMessage(), e);
                    }
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The record was written to Kafka; fully acknowledged, sealed segments are deleted. */
    public synchronized void acked(SpooledRecord r) {
        for (Segment s : segments) {
            if (s.id == r.segment()) {
                s.acked++;
                break;
            }
        }
        try {
            while (segments.size() > 1 && segments.peekFirst().acked >= segments.peekFirst().records) {
                Segment done = segments.removeFirst();
                bytes -= done.bytes;
                done.delete();
            }
        } catch (IOException e) {
            LOG.warn("cannot delete a sent spool segment: {}", e.toString());
        }
    }

    /** Makes appended records visible to the reader and durable against a process crash. */
    public synchronized void flush() {
        Segment active = segments.peekLast();
        if (active != null) {
            try {
                active.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Bytes on disk. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Records dropped because the spool was over its bounds. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Records appended but not yet handed to Kafka. */
    public synchronized long pending() {
        return pending;
    }

    @Override
    public synchronized void close() {
        for (Segment s : segments) {
            try {
                s.seal();
            } catch (IOException e) {
                LOG.warn("closing spool segment {}: {}", s.file, e.toString());
            }
        }
    }
}
