package io.numbat.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The in-memory store under a write-behind cache keeps an entry only until the cache reads it. */
class HandOverBytesStoreTest {
    private static Bytes key(String k) {
        return Bytes.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReadHandsTheEntryOverAndAWriteKeepsNothing() {
        HandOverBytesStore store =
                new HandOverBytesStore(Stores.inMemoryKeyValueStore("s").get());
        store.keep(key("a"), new byte[] {1});
        store.keep(key("b"), new byte[] {2});
        assertThat(store.approximateNumEntries()).isEqualTo(2);

        assertThat(store.get(key("a"))).containsExactly(1);
        assertThat(store.get(key("a"))).as("handed over once").isNull();
        store.put(key("a"), new byte[] {3});
        store.put(key("b"), new byte[] {4});
        assertThat(store.approximateNumEntries()).isZero();
        assertThatThrownBy(() -> store.range(key("a"), key("b")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("use get or all");
    }
}
