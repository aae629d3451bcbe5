package io.numbat.agent.spool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Records that the disk would not take, in order, bounded in bytes: past the bound the oldest are
 * dropped. Not thread-safe: {@link DiskSpool} guards it.
 */
final class MemoryQueue {
    final long maxBytes;
    private final Deque<SpooledRecord> records = new ArrayDeque<>();
    private long bytes;

    MemoryQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds a record; returns how many of the oldest were dropped to stay within the bound (the newest stays). */
    long add(SpooledRecord r) {
        records.addLast(r);
        bytes += size(r);
        long dropped = 0;
        while (bytes > maxBytes && records.size() > 1) {
            bytes -= size(records.removeFirst());
            dropped++;
        }
        return dropped;
    }

    /** Puts records back at the head, in their order, whatever the bound. */
    void addFirst(List<SpooledRecord> older) {
        for (int i = older.size() - 1; i >= 0; i--) {
            records.addFirst(older.get(i));
            bytes += size(older.get(i));
        }
    }

    /** Bytes that fit before the bound. */
    long room() {
        return Math.max(0, maxBytes - bytes);
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    SpooledRecord peek() {
        return records.peekFirst();
    }

    SpooledRecord poll() {
        SpooledRecord r = records.pollFirst();
        if (r != null) {
            bytes -= size(r);
        }
        return r;
    }

    /** Empties the queue; returns how many records it held. */
    long clear() {
        long n = records.size();
        records.clear();
        bytes = 0;
        return n;
    }

    private static long size(SpooledRecord r) {
        return Segment.OVERHEAD + r.key().length() + r.value().length;
    }
}
