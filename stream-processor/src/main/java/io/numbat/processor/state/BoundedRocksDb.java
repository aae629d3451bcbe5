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
    /**
     * The Kafka Streams config key (a Boolean) that says whether every store is in RocksDB
     * ({@code --stores rocksdb}), or only the coarser trend partials ({@code --stores memory}).
     */
    public static final String ALL_STORES_CONFIG = "numbat.rocksdb.all-stores";

    /** Off-heap memory of all stores together: block cache, index and filter blocks, and memtables. */
    static final long TOTAL_BYTES = 256L << 20;
    /** Of which memtables. */
    static final long MEMTABLE_BYTES = 192L << 20;
    /**
     * The budget when only the coarser trend partials are in RocksDB: each node's 5 min and 1 h partial is
     * read and written once a minute (about 330 reads and writes a second at 10,000 nodes, 2 MB/s), which
     * needs no cache to speak of: the blocks come from the file system's page cache.
     */
    static final long SMALL_TOTAL_BYTES = 32L << 20;

    private static final Budget ALL = new Budget(TOTAL_BYTES, MEMTABLE_BYTES, 16L << 20);
    private static final Budget PARTIALS = new Budget(SMALL_TOTAL_BYTES, SMALL_TOTAL_BYTES / 2, 2L << 20);

    /** One block cache and write-buffer budget, shared by the stores of the process. */
    private record Budget(Cache cache, WriteBufferManager writeBuffers, long writeBufferBytes) {
        Budget(long total, long memtables, long writeBufferBytes) {
            this(cache(total), memtables, writeBufferBytes);
        }

        private Budget(Cache cache, long memtables, long writeBufferBytes) {
            this(cache, new WriteBufferManager(memtables, cache), writeBufferBytes);
        }

        private static Cache cache(long total) {
            return new LRUCache(total, -1, false, 0.1);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Budget budget = Boolean.TRUE.equals(configs.get(ALL_STORES_CONFIG)) ? ALL : PARTIALS;
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(budget.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(budget.writeBuffers());
        options.setWriteBufferSize(budget.writeBufferBytes());
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
