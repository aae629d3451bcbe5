package io.numbat.processor.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps the processor's state as live objects and writes the changed ones to
 * the changelogged store beneath only when the task commits. Kafka Streams' own record cache keeps
 * serialised bytes, so every get still decodes and every put encodes a whole value; here a node's or a
 * family's state is decoded once, mutated in place by every record, and encoded once per commit.
 *
 * <p>Correctness rests on one hook: the task calls {@link #flushCache()} on every registered
 * {@link CachedStateStore} before it flushes its producer and commits its input offsets (at least
 * once) or its transaction (exactly once), so every state change of a committed input reaches the
 * changelog in the same commit. Each changed entry is written with the record context of the record
 * that last changed it, as Kafka Streams' caching stores do. {@code CachedStateStore} and the record
 * context are Kafka Streams internals (4.4); {@code WriteBehindStoreTest} pins the behaviour.
 *
 * <p>Values handed out are the cached objects themselves: callers mutate them and then call
 * {@link #put}, as with any store. The cache holds every key read or written since the task started
 * (the working set of a processor is its whole key space, touched every few seconds), and is dropped
 * when the task closes or Kafka Streams clears caches (a task recycled between active and standby).
 *
 * <p>Over an in-memory store ({@link HandOverBytesStore}) the bytes beneath are handed over to the
 * cache on first read and not kept at commit, so the state is in memory once; when the cache is
 * cleared with the task still open, its objects are encoded back into that store.
 */
public final class WriteBehindStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {
    private final KeyValueStore<K, V> inner;
    private final Serde<K> keys;
    private final Serde<V> values;
    private final Map<K, V> cache = new HashMap<>();
    /** Changed keys since the last flush, each with the context of the record that changed it last. */
    private final Map<K, ProcessorRecordContext> dirty = new LinkedHashMap<>();

    private InternalProcessorContext<?, ?> context;
    /** The in-memory store at the bottom, if it is one that hands its entries over. */
    private HandOverBytesStore handOver;

    /** Over {@code inner}, built from the supplier of {@code WriteBehindStores} with these serdes. */
    public WriteBehindStore(KeyValueStore<K, V> inner, Serde<K> keys, Serde<V> values) {
        this.inner = inner;
        this.keys = keys;
        this.values = values;
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        this.context = (InternalProcessorContext<?, ?>) stateStoreContext;
        inner.init(stateStoreContext, root);
        StateStore s = inner;
        while (s instanceof WrappedStateStore<?, ?, ?> w) {
            s = w.wrapped();
        }
        handOver = s instanceof HandOverBytesStore h ? h : null;
    }

    @Override
    public V get(K key) {
        V v = cache.get(key);
        if (v != null || dirty.containsKey(key)) {
            return v;
        }
        v = inner.get(key);
        if (v != null) {
            cache.put(key, v);
        }
        return v;
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            cache.remove(key);
        } else {
            cache.put(key, value);
        }
        dirty.put(key, context.recordContext());
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        put(key, null);
        return old;
    }

    /** Writes every changed entry to the store beneath (and so to its changelog). */
    @Override
    public void flushCache() {
        if (dirty.isEmpty()) {
            return;
        }
        ProcessorRecordContext current = context.recordContext();
        try {
            for (Map.Entry<K, ProcessorRecordContext> e : dirty.entrySet()) {
                context.setRecordContext(e.getValue());
                V v = cache.get(e.getKey());
                if (v == null) {
                    inner.delete(e.getKey());
                } else {
                    inner.put(e.getKey(), v);
                }
            }
        } finally {
            context.setRecordContext(current);
        }
        dirty.clear();
    }

    /**
     * Drops the cache. Over a store that hands its entries over, the objects are encoded back into it
     * first, as they are (Kafka Streams clears caches only after a commit, so none is changed since).
     */
    @Override
    public void clearCache() {
        if (handOver != null) {
            String topic = inner.name();
            cache.forEach((k, v) -> handOver.keep(
                    Bytes.wrap(keys.serializer().serialize(topic, k)),
                    values.serializer().serialize(topic, v)));
        }
        cache.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    /** Every entry, the changed ones as they are now: a snapshot, so callers may put while iterating. */
    @Override
    public KeyValueIterator<K, V> all() {
        Map<K, V> merged = new LinkedHashMap<>();
        try (KeyValueIterator<K, V> stored = inner.all()) {
            while (stored.hasNext()) {
                KeyValue<K, V> e = stored.next();
                V cached = cache.get(e.key);
                if (cached != null) {
                    merged.put(e.key, cached);
                } else if (!dirty.containsKey(e.key)) {
                    merged.put(e.key, e.value);
                }
            }
        }
        cache.forEach(merged::putIfAbsent);
        return new ListIterator<>(merged);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        flushCache();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        flushCache();
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        flushCache();
        return inner.reverseAll();
    }

    @Override
    public long approximateNumEntries() {
        return Math.max(inner.approximateNumEntries(), cache.size());
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        cache.clear();
        dirty.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        flushCache();
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Iterates a snapshot. */
    private static final class ListIterator<K, V> implements KeyValueIterator<K, V> {
        private final List<KeyValue<K, V>> entries = new ArrayList<>();
        private int next;

        ListIterator(Map<K, V> snapshot) {
            snapshot.forEach((k, v) -> entries.add(KeyValue.pair(k, v)));
        }

        @Override
        public boolean hasNext() {
            return next < entries.size();
        }

        @Override
        public KeyValue<K, V> next() {
            return entries.get(next++);
        }

        @Override
        public K peekNextKey() {
            return entries.get(next).key;
        }

        @Override
        public void close() {}
    }
}
