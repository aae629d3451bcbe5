package io.numbat.processor.state;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The in-memory store beneath a {@link WriteBehindStore}, which holds a value's bytes only until the
 * write-behind cache above takes the value as an object. Restoring from the changelog fills it; a get
 * hands the entry over (it leaves this store: the cache owns the value from then on); a put, which the
 * cache makes at commit and the changelog layer above logs, keeps nothing here. So in-memory state is
 * held once, as objects, instead of once as objects and once more as bytes. {@link #keep} takes an
 * entry back when the cache is dropped while its task stays open (a task recycled between active and
 * standby), and standby tasks, which only restore, keep every entry.
 */
final class HandOverBytesStore implements KeyValueStore<Bytes, byte[]> {
    private final KeyValueStore<Bytes, byte[]> map;

    HandOverBytesStore(KeyValueStore<Bytes, byte[]> map) {
        this.map = map;
    }

    /** Hands the entry over: returns its bytes and forgets them. */
    @Override
    public byte[] get(Bytes key) {
        return map.delete(key);
    }

    /** Keeps nothing: the value lives in the cache above, and the changelog layer has logged it. */
    @Override
    public void put(Bytes key, byte[] value) {
        map.delete(key);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        return map.delete(key);
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(e -> map.delete(e.key));
    }

    @Override
    public byte[] delete(Bytes key) {
        return map.delete(key);
    }

    /** Takes an entry back, unlogged: the cache above drops its objects but the task stays open. */
    void keep(Bytes key, byte[] value) {
        map.put(key, value);
    }

    /** The entries not handed over (restored and not read since, or taken back). */
    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return map.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        throw handedOver("range");
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        throw handedOver("reverseRange");
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        throw handedOver("reverseAll");
    }

    private UnsupportedOperationException handedOver(String what) {
        return new UnsupportedOperationException(what + " on " + name()
                + ": the entries of an in-memory write-behind store live in its cache; use get or all");
    }

    @Override
    public long approximateNumEntries() {
        return map.approximateNumEntries();
    }

    @Override
    public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
        return map.readOnly(isolationLevel);
    }

    @Override
    public String name() {
        return map.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        map.init(context, root);
    }

    @Override
    public void flush() {
        map.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        map.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return map.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return map.managesOffsets();
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return map.approximateNumUncommittedBytes();
    }

    @Override
    public void close() {
        map.close();
    }

    @Override
    public boolean persistent() {
        return map.persistent();
    }

    @Override
    public boolean isOpen() {
        return map.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        throw handedOver("an interactive query");
    }

    @Override
    public Position getPosition() {
        return map.getPosition();
    }
}
