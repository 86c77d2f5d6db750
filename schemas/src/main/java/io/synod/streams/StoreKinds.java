package io.synod.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Chooses the stores a topology uses: RocksDB with a changelog topic (production's default); in
 * memory with a changelog topic (production, when the state fits in the heap: no RocksDB under
 * every store operation, but every restart reads the changelogs back); or in memory without a
 * changelog for replay, which runs once in process and never restores.
 */
public record StoreKinds(boolean inMemory, boolean changelog) {
    public static final StoreKinds PERSISTENT = new StoreKinds(false, true);
    public static final StoreKinds IN_MEMORY_LOGGED = new StoreKinds(true, true);
    public static final StoreKinds IN_MEMORY = new StoreKinds(true, false);

    /** The live apps' stores, by the {@code streams.state.stores} setting: {@code rocksdb} or {@code in_memory}. */
    public static StoreKinds live(String setting) {
        return switch (setting) {
            case "rocksdb" -> PERSISTENT;
            case "in_memory" -> IN_MEMORY_LOGGED;
            default -> throw new IllegalArgumentException("streams.state.stores must be rocksdb or in_memory, got '" + setting + "'");
        };
    }

    public KeyValueBytesStoreSupplier supplier(String name) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    public <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(supplier(name), keySerde, valueSerde);
        return changelog ? builder : builder.withLoggingDisabled();
    }

    /**
     * A store rewritten for the same keys many times between commits (an agent's reputation, a pair's
     * evidence): in the live apps Kafka Streams' record cache keeps the latest value of each key and
     * writes it to the changelog once per commit instead of once per change (decision 0072).
     */
    public <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueCached(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        StoreBuilder<KeyValueStore<K, V>> builder = keyValue(name, keySerde, valueSerde);
        return changelog ? builder.withCachingEnabled() : builder;
    }

    /** Global stores are rebuilt from their source topic, so they keep no changelog of their own. */
    public <K, V> StoreBuilder<KeyValueStore<K, V>> global(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(supplier(name), keySerde, valueSerde).withLoggingDisabled();
    }
}
