package io.numbat.processor.state;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
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
        return new Builder<>(Stores.keyValueStoreBuilder(supplier(name, inMemory), keys, values));
    }

    /** A RocksDB or in-memory store, changelogged either way. */
    public static KeyValueBytesStoreSupplier supplier(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    private static final class Builder<K, V> implements StoreBuilder<WriteBehindStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, V>> inner;

        Builder(StoreBuilder<KeyValueStore<K, V>> inner) {
            this.inner = inner.withCachingDisabled();
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
            return new WriteBehindStore<>(inner.build());
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
