package io.numbat.agent.spool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One spool file: records appended as {@code [key length][key][value length][value][timestamp]},
 * read back in order by a separate stream. Not thread-safe: {@link DiskSpool} guards it.
 */
final class Segment {
    final long id;
    final Path file;
    long bytes;
    long records;
    long read;
    long acked;
    long newestMillis;
    private DataOutputStream out;
    private DataInputStream in;

    Segment(long id, Path file) {
        this.id = id;
        this.file = file;
    }

    static Path fileFor(Path dir, long id) {
        return dir.resolve(String.format("segment-%019d.spool", id));
    }

    void append(String key, byte[] value, long timestampMillis) throws IOException {
        if (out == null) {
            out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024));
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        out.writeInt(k.length);
        out.write(k);
        out.writeInt(value.length);
        out.write(value);
        out.writeLong(timestampMillis);
        bytes += 16 + k.length + value.length;
        records++;
        newestMillis = Math.max(newestMillis, timestampMillis);
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Stops appending; the file stays readable. */
    void seal() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    boolean hasUnread() {
        return read < records;
    }

    SpooledRecord readNext() throws IOException {
        flush();
        if (in == null) {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64 * 1024));
        }
        byte[] k = new byte[in.readInt()];
        in.readFully(k);
        byte[] v = new byte[in.readInt()];
        in.readFully(v);
        long ts = in.readLong();
        read++;
        return new SpooledRecord(id, new String(k, StandardCharsets.UTF_8), v, ts);
    }

    /** Counts the complete records of a file left by an earlier run; a torn tail is cut off. */
    static Segment recover(long id, Path file) throws IOException {
        Segment s = new Segment(id, file);
        long good = 0;
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            while (true) {
                int kl = in.readInt();
                in.skipNBytes(kl);
                int vl = in.readInt();
                in.skipNBytes(vl);
                s.newestMillis = Math.max(s.newestMillis, in.readLong());
                good += 16 + kl + vl;
                s.records++;
            }
        } catch (EOFException | IllegalArgumentException e) {
            // end of file, or a record cut short by a crash: keep what is whole
        }
        if (good < Files.size(file)) {
            try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                ch.truncate(good);
            }
        }
        s.bytes = good;
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
