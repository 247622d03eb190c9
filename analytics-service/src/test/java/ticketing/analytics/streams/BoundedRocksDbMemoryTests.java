package ticketing.analytics.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTests {

	@Test
	void shouldPutEveryStoreOnTheSameMemoryBudget() {
		// Given the setter, created as Kafka Streams may create it: before any RocksDB object exists
		BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
		// and the options of two stores (say two segments of the order-counts window store)
		try (Options first = new Options(); Options second = new Options()) {
			// (Kafka Streams gives every store a block-based table config before it calls the setter)
			first.setTableFormatConfig(new BlockBasedTableConfig());
			second.setTableFormatConfig(new BlockBasedTableConfig());

			// When Kafka Streams configures them
			setter.setConfig("order-counts-per-user.1", first, Map.of());
			setter.setConfig("order-counts-per-user.2", second, Map.of());

			// Then their memtables count against one write buffer manager, small memtables, and index and filter
			// blocks live in the shared cache instead of outside any bound
			assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
			assertThat(first.writeBufferSize() * first.maxWriteBufferNumber())
				.isLessThanOrEqualTo(BoundedRocksDbMemory.TOTAL_MEMTABLE_BYTES);
			assertThat(((BlockBasedTableConfig) first.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
			assertThat(((BlockBasedTableConfig) second.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
		}
	}

}
