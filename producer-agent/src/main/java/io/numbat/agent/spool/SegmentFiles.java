package io.numbat.agent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the spool opens a segment file for appending: the real file system in production, a small
 * disk that runs out of space in the tests. A write may write part of its buffer and then throw
 * ({@code No space left on device}); the spool copes with the torn record that leaves.
 */
@FunctionalInterface
public interface SegmentFiles {
    /** The local file system. */
    SegmentFiles LOCAL = file ->
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    /** Opens {@code file} for appending, creating it if it is missing. */
    WritableByteChannel openForAppend(Path file) throws IOException;
}
