package io.numbat.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format shared by every Schema Registry aware client: a magic byte 0, the schema id as a
 * 4-byte big-endian int, then the Avro binary encoding of the record. Static helpers only.
 */
public final class ConfluentWireFormat {
    /** The first byte of every record in this format. */
    public static final byte MAGIC_BYTE = 0;
    /** Bytes before the Avro body: the magic byte and the schema id. */
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {}

    /** The 5 header bytes for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        byte[] header = new byte[HEADER_SIZE];
        writeHeader(ByteBuffer.wrap(header), schemaId);
        return header;
    }

    /** Puts the header for {@code schemaId} at the buffer's position and advances it by {@link #HEADER_SIZE}. */
    public static ByteBuffer writeHeader(ByteBuffer buffer, int schemaId) {
        return buffer.put(MAGIC_BYTE).putInt(schemaId);
    }

    /**
     * The schema id in the header of {@code record}, after checking the header.
     *
     * @throws SerializationException if the record is null, shorter than the header or has the wrong magic byte
     */
    public static int schemaId(byte[] record) {
        if (record == null) {
            throw new SerializationException("null record is not in the Confluent wire format");
        }
        return readHeader(ByteBuffer.wrap(record));
    }

    /**
     * Checks the header at the buffer's position, moves the position to the Avro body and returns the schema id.
     *
     * @throws SerializationException if the buffer is null, holds fewer bytes than the header or has the wrong
     *     magic byte
     */
    public static int readHeader(ByteBuffer buffer) {
        if (buffer == null) {
            throw new SerializationException("null record is not in the Confluent wire format");
        }
        if (buffer.remaining() < HEADER_SIZE) {
            throw new SerializationException("record of " + buffer.remaining()
                    + " bytes is too short for the Confluent wire format header (" + HEADER_SIZE + " bytes)");
        }
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException(
                    String.format("not Confluent wire format: magic byte 0x%02X, expected 0x%02X", magic, MAGIC_BYTE));
        }
        return buffer.getInt();
    }
}
