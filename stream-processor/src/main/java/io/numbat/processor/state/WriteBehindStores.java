package io.numbat.processor.state;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds {@link WriteBehindStore}s over persistent, changelogged RocksDB stores. */
public final class WriteBehindStores {
    private WriteBehindStores() {}

    /** A persistent, changelogged store named {@code name} whose values live as objects between commits. */
    public static <K, V> StoreBuilder<WriteBehindStore<K, V>> persistent(String name, Serde<K> keys, Serde<V> values) {
        return of(name, false, keys, values);
    }

    /** The same over RocksDB ({@code inMemory} false) or over an in-memory store (restored from its changelog at start). */
    public static <K, V> StoreBuilder<WriteBehindStore<K, V>> of(
            String name, boolean inMemory, Serde<K> keys, Serde<V> values) {
        KeyValueBytesStoreSupplier bytes = inMemory ? handingOver(name) : Stores.persistentKeyValueStore(name);
        return new Builder<>(Stores.keyValueStoreBuilder(bytes, keys, values), keys, values);
    }

    /** An in-memory store that hands its entries over to the write-behind cache ({@link HandOverBytesStore}). */
    private static KeyValueBytesStoreSupplier handingOver(String name) {
        KeyValueBytesStoreSupplier memory = Stores.inMemoryKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return memory.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new HandOverBytesStore(memory.get());
            }

            @Override
            public String metricsScope() {
                return memory.metricsScope();
            }
        };
    }

    /** A RocksDB or in-memory store, changelogged either way. */
    public static KeyValueBytesStoreSupplier supplier(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    private static final class Builder<K, V> implements StoreBuilder<WriteBehindStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, V>> inner;
        private final Serde<K> keys;
        private final Serde<V> values;

        Builder(StoreBuilder<KeyValueStore<K, V>> inner, Serde<K> keys, Serde<V> values) {
            this.inner = inner.withCachingDisabled();
            this.keys = keys;
            this.values = values;
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-behind store is its own cache");
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBehindStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public WriteBehindStore<K, V> build() {
            return new WriteBehindStore<>(inner.build(), keys, values);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
