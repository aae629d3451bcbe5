package io.numbat.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

    @Test
    void headerIsMagicByteZeroThenBigEndianId() {
        assertThat(ConfluentWireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(ConfluentWireFormat.header(7)).containsExactly(0, 0, 0, 0, 7);
    }

    @Test
    void writesHeaderAtTheBufferPosition() {
        ByteBuffer buffer = ByteBuffer.allocate(8).put((byte) 9);

        ConfluentWireFormat.writeHeader(buffer, 300);

        assertThat(buffer.position()).isEqualTo(6);
        assertThat(buffer.array()).startsWith(9, 0, 0, 0, 1, 44);
    }

    @Test
    void readsTheIdAndLeavesTheBufferAtTheBody() {
        ByteBuffer record = ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 44, 99});

        assertThat(ConfluentWireFormat.readHeader(record)).isEqualTo(300);
        assertThat(record.position()).isEqualTo(ConfluentWireFormat.HEADER_SIZE);
        assertThat(ConfluentWireFormat.schemaId(new byte[] {0, 0x7f, -1, -1, -1}))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void rejectsAWrongMagicByte() {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId("ABCDEFG".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("not Confluent wire format: magic byte 0x41, expected 0x00");
    }

    @Test
    void rejectsRecordsShorterThanTheHeader() {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("record of 3 bytes is too short for the Confluent wire format header");
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("record of 0 bytes");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(null)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> ConfluentWireFormat.readHeader(null)).isInstanceOf(SerializationException.class);
    }
}
