package io.numbat.schemas.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.DeadLetter;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void keepsOnlyTheHeadOfAHugeValueWithItsSizeAndHash() {
        byte[] value = new byte[5 * 1024 * 1024];
        value[value.length - 1] = 7;
        DeadLetter dl = DeadLetters.of(
                "processor",
                "numbat.metrics",
                0,
                42,
                1_000,
                "k".getBytes(),
                value,
                new IllegalStateException("too big"));

        assertThat(dl.getValue().remaining()).isEqualTo(DeadLetters.MAX_KEPT_VALUE_BYTES);
        assertThat(dl.getValueSize()).isEqualTo(value.length);
        assertThat(dl.getValueSha256()).isEqualTo(DeadLetters.sha256(value)).hasSize(64);
        assertThat(dl.getKeySize()).isEqualTo(1);
    }

    @Test
    void keepsASmallValueWhole() {
        byte[] value = {1, 2, 3};
        DeadLetter dl = DeadLetters.of("processor", "t", 0, 0, 0, null, value, new RuntimeException("x"));

        assertThat(dl.getValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(dl.getKey()).isNull();
        assertThat(dl.getKeySize()).isEqualTo(-1);
        assertThat(dl.getValueSize()).isEqualTo(3);
    }

    @Test
    void namesTheErrorTypeWhenItHasNoMessageAndBoundsALongOne() {
        DeadLetter npe = DeadLetters.of("c", "t", 0, 0, 0, null, null, new NullPointerException());
        assertThat(npe.getError()).startsWith("NullPointerException");
        assertThat(npe.getValueSha256()).isNull();

        DeadLetter longError = DeadLetters.of("c", "t", 0, 0, 0, null, null, new RuntimeException("e".repeat(100_000)));
        assertThat(longError.getError().length()).isLessThan(DeadLetters.MAX_ERROR_CHARS + 100);
    }
}
