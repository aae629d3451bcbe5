package io.numbat.processor.deadletter;

import io.numbat.schemas.DeadLetter;

/** Either a decoded value or the dead letter that explains why it could not be decoded. */
public record Decoded<T>(T value, DeadLetter deadLetter) {
    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(value, null);
    }

    public static <T> Decoded<T> failed(DeadLetter deadLetter) {
        return new Decoded<>(null, deadLetter);
    }

    public boolean isOk() {
        return deadLetter == null;
    }
}
