package io.numbat.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A disk of {@code capacity} bytes holding one directory: its files are real, and a write that does
 * not fit writes what fits, then fails with {@code No space left on device} like write(2) does.
 * Deleting a file frees its space.
 */
public final class TinyDisk implements SegmentFiles {
    private final Path dir;
    private volatile long capacity;
    private volatile long failures;

    public TinyDisk(Path dir, long capacity) {
        this.dir = dir;
        this.capacity = capacity;
    }

    /** A larger (or smaller) disk from now on: someone freed space, or filled it. */
    public void resize(long bytes) {
        capacity = bytes;
    }

    /** Writes refused for want of space so far. */
    public long failures() {
        return failures;
    }

    /** Bytes of the files in the directory. */
    public long used() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long sum = 0;
            for (Path f : files.toList()) {
                sum += Files.exists(f) ? Files.size(f) : 0;
            }
            return sum;
        }
    }

    @Override
    public WritableByteChannel openForAppend(Path file) throws IOException {
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                long room = capacity - used();
                if (room <= 0) {
                    failures++;
                    throw new IOException("No space left on device");
                }
                if (src.remaining() <= room) {
                    return channel.write(src);
                }
                ByteBuffer part = src.slice().limit((int) room);
                int n = channel.write(part);
                src.position(src.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
