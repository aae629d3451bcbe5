package io.numbat.processor.state;

/**
 * The version byte that starts every stored state format (docs/state-formats.md).
 *
 * <p>The first layouts had no version byte. Each of them starts with a zero byte (a small length, a
 * count or a positive epoch time), or with {@code 0x80} or {@code 0xFF} (a long holding
 * {@code Long.MIN_VALUE} or another negative value), never with {@code 0x02}. So a reader takes a first
 * byte it knows as the version (2 or 3), and any other first byte as version 1, the layout without a
 * version byte.
 * A new layout takes the next version, and its reader keeps reading the ones before it.
 */
public final class StateFormat {
    /** The first layout behind a version byte, which most formats write today. */
    public static final byte V2 = 2;
    /**
     * The next layout of a format that changed after version 2: the trend windows with compact accumulators
     * ({@code WindowTrends}, {@code OpenWindows}), {@code NodeHealth} with its bottleneck state. Version-1
     * layouts never start with {@code 0x03} either.
     */
    public static final byte V3 = 3;
    /**
     * The next layout after version 3: {@code NodeHealth} with its open window of anomaly scores. Version-1
     * layouts never start with {@code 0x04} either.
     */
    public static final byte V4 = 4;

    private StateFormat() {}

    /**
     * The version of {@code bytes}: its first byte when that is {@link #V2}, {@link #V3} or {@link #V4}, else 1 (no
     * version byte).
     */
    public static int versionOf(byte[] bytes) {
        return bytes.length > 0 ? versionOf(bytes[0]) : 1;
    }

    /** The version of a value that starts with {@code first}. */
    public static int versionOf(byte first) {
        return first == V2 || first == V3 || first == V4 ? first : 1;
    }

    /** Where the body of {@code bytes} starts: after the version byte, if it has one. */
    public static int bodyOffset(byte[] bytes) {
        return versionOf(bytes) == 1 ? 0 : 1;
    }
}
