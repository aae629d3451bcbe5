package io.numbat.agent.spool;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One spool file: records appended as {@code [key length][key][value length][value][timestamp]},
 * each in one write, read back in order by a separate stream. A record counts once its write has
 * completed, so a write cut short (a full disk) leaves a torn tail that is never read: the segment
 * is sealed there. Not thread-safe: {@link DiskSpool} guards it.
 */
final class Segment {
    /** Bytes of a record besides its key and value: the two lengths and the timestamp. */
    static final int OVERHEAD = 16;

    final long id;
    final Path file;
    /** Bytes of whole records; the file may be longer by a torn tail. */
    long bytes;

    long records;
    long read;
    long acked;
    long newestMillis;
    /** Bytes past the last whole record found by {@link #recover}. */
    long tornBytes;
    /** No more appends: rolled over, cut short by a failed write, or left by an earlier run. */
    boolean sealed;

    private WritableByteChannel out;
    private DataInputStream in;

    Segment(long id, Path file) {
        this.id = id;
        this.file = file;
    }

    static Path fileFor(Path dir, long id) {
        return dir.resolve(String.format("segment-%019d.spool", id));
    }

    /** Writes one record; on an exception nothing is counted and part of it may be on disk. */
    void append(SegmentFiles files, String key, byte[] value, long timestampMillis) throws IOException {
        if (sealed) {
            throw new IllegalStateException("segment " + file + " is sealed");
        }
        if (out == null) {
            out = files.openForAppend(file);
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(OVERHEAD + k.length + value.length);
        buf.putInt(k.length)
                .put(k)
                .putInt(value.length)
                .put(value)
                .putLong(timestampMillis)
                .flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        bytes += buf.capacity();
        records++;
        newestMillis = Math.max(newestMillis, timestampMillis);
    }

    /** Stops appending; the file stays readable up to its last whole record. */
    void seal() {
        sealed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing is buffered: the records counted are already written
            }
            out = null;
        }
    }

    boolean hasUnread() {
        return read < records;
    }

    /** Records neither read nor going to be: they are given up (dropped, or unreadable). */
    long abandonUnread() {
        long unread = records - read;
        read = records;
        acked += unread;
        return unread;
    }

    SpooledRecord readNext() throws IOException {
        if (in == null) {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024));
        }
        int kl = in.readInt();
        if (kl < 0 || kl > bytes) {
            throw new IOException("corrupt key length " + kl);
        }
        byte[] k = new byte[kl];
        in.readFully(k);
        int vl = in.readInt();
        if (vl < 0 || vl > bytes) {
            throw new IOException("corrupt value length " + vl);
        }
        byte[] v = new byte[vl];
        in.readFully(v);
        long ts = in.readLong();
        read++;
        return new SpooledRecord(id, new String(k, StandardCharsets.UTF_8), v, ts);
    }

    /**
     * Counts the whole records of a file left by an earlier run, sealed: new records go to a new
     * segment. A torn tail (a record cut short by a full disk or a crash) is counted in {@link #tornBytes}
     * and cut off if the file can still be written; it is never read either way.
     */
    static Segment recover(long id, Path file) throws IOException {
        Segment s = new Segment(id, file);
        s.sealed = true;
        long size = Files.size(file);
        long good = 0;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            while (good < size) {
                long left = size - good - OVERHEAD;
                int kl = in.readInt();
                if (kl < 0 || kl > left) {
                    break;
                }
                in.skipNBytes(kl);
                int vl = in.readInt();
                if (vl < 0 || vl > left - kl) {
                    break;
                }
                in.skipNBytes(vl);
                long ts = in.readLong();
                s.newestMillis = Math.max(s.newestMillis, ts);
                good += OVERHEAD + kl + vl;
                s.records++;
            }
        } catch (EOFException e) {
            // a record cut short: keep what is whole
        }
        s.bytes = good;
        s.tornBytes = size - good;
        if (s.tornBytes > 0) {
            try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                ch.truncate(good);
            } catch (IOException e) {
                // read-only or failing disk: the tail stays, and is never read
            }
        }
        return s;
    }

    void delete() throws IOException {
        seal();
        if (in != null) {
            in.close();
            in = null;
        }
        Files.deleteIfExists(file);
    }
}
