package io.synod.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Chooses the stores a topology uses: RocksDB with a changelog topic (production), or in-memory
 * without a changelog for replay, which runs once in process and never restores.
 */
public record StoreKinds(boolean inMemory) {
    public static final StoreKinds PERSISTENT = new StoreKinds(false);
    public static final StoreKinds IN_MEMORY = new StoreKinds(true);

    public KeyValueBytesStoreSupplier supplier(String name) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    public <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(supplier(name), keySerde, valueSerde);
        return inMemory ? builder.withLoggingDisabled() : builder;
    }

    /** Global stores are rebuilt from their source topic, so they keep no changelog of their own. */
    public <K, V> StoreBuilder<KeyValueStore<K, V>> global(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(supplier(name), keySerde, valueSerde).withLoggingDisabled();
    }
}
