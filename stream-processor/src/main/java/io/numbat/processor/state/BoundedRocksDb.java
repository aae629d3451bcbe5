package io.numbat.processor.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB settings for every store of the processor: one block cache and one write-buffer budget
 * shared by all stores of the process (Kafka Streams' documented way to bound RocksDB's memory; by
 * default each of the 100-odd store instances, 8 stores times 12 partitions, gets its own 50 MB
 * cache and three 16 MB memtables). The live state is in the write-behind caches on the heap, so
 * RocksDB mostly takes writes at commits (about 135 MB per 30 s commit at 10,000 nodes) and reads at
 * start-up: the cache is small and the memtables take most of the budget. With a 48 MB budget and
 * 4 MB memtables, the stream thread spent most of its time stalled in {@code RocksDB.put} waiting
 * for flushes (JFR's native samples).
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    /** Off-heap memory of all stores together: block cache, index and filter blocks, and memtables. */
    static final long TOTAL_BYTES = 256L << 20;
    /** Of which memtables. */
    static final long MEMTABLE_BYTES = 192L << 20;

    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(16L << 20);
        options.setMaxWriteBufferNumber(3);
        // LZ4 in the background flush and compaction threads: about 4.5 MB/s of state at 10,000 nodes
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store of the process: never closed here
    }
}
