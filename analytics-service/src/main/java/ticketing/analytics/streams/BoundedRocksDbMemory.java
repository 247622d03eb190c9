package ticketing.analytics.streams;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of this process (Kafka Streams' "bounded memory" recipe). By default each
 * RocksDB instance has its own 50 MB block cache and up to three 16 MB memtables, and a window store is one instance
 * per segment, per task: under a backlog analytics-service's resident memory grew past 512 MB outside the Java heap.
 * Here all of them share one block cache, which also holds the memtables (through the write buffer manager) and the
 * index and filter blocks, so their native memory stays within {@link #TOTAL_OFF_HEAP_BYTES}.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

	/** The whole native memory of the stores: block cache, memtables, indexes and filters. */
	static final long TOTAL_OFF_HEAP_BYTES = 64L * 1024 * 1024;

	/** The part of it the memtables may take before RocksDB flushes them. */
	static final long TOTAL_MEMTABLE_BYTES = 16L * 1024 * 1024;

	private static final long MEMTABLE_BYTES = 4L * 1024 * 1024;

	static {
		// Kafka Streams may create the setter before it opens any store, i.e. before RocksDB's native library is loaded
		RocksDB.loadLibrary();
	}

	/** Shared by every store of the process, so never closed by one of them. */
	private static final Cache CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, 0.1);

	private static final WriteBufferManager WRITE_BUFFER_MANAGER = new WriteBufferManager(TOTAL_MEMTABLE_BYTES, CACHE);

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(CACHE);
		table.setCacheIndexAndFilterBlocks(true);
		table.setCacheIndexAndFilterBlocksWithHighPriority(true);
		table.setPinTopLevelIndexAndFilter(true);
		options.setTableFormatConfig(table);
		options.setWriteBufferManager(WRITE_BUFFER_MANAGER);
		options.setWriteBufferSize(MEMTABLE_BYTES);
		options.setMaxWriteBufferNumber(2);
	}

	@Override
	public void close(String storeName, Options options) {
		// The cache and the write buffer manager outlive every store: they are the process's.
	}

}
