package io.synod.app.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Several global stores filled from one compacted topic, as every application's global thread fills
 * its own copy live: a value is encoded once, as the topic would carry it, and those bytes go into
 * each store. Encoding it once per store was replay's largest single cost on agent reputations.
 * Stores whose byte layer cannot be reached are written through their typed interface.
 */
final class SharedGlobalStore<V> {
    private final String topic;
    private final Serializer<V> serializer;
    private final List<KeyValueStore<String, V>> stores;
    private final List<KeyValueStore<Bytes, byte[]>> bytes;

    @SuppressWarnings("unchecked")
    SharedGlobalStore(String topic, Serializer<V> serializer, List<KeyValueStore<String, V>> stores) {
        this.topic = topic;
        this.serializer = serializer;
        this.stores = List.copyOf(stores);
        List<KeyValueStore<Bytes, byte[]>> inner = stores.stream()
                .map(store -> store instanceof WrappedStateStore<?, ?, ?> wrapped && wrapped.wrapped() instanceof KeyValueStore<?, ?> kv
                        ? (KeyValueStore<Bytes, byte[]>) kv : null)
                .toList();
        this.bytes = inner.contains(null) ? null : inner;
    }

    void put(String key, V value) {
        if (bytes == null) {
            stores.forEach(store -> store.put(key, value));
            return;
        }
        Bytes rawKey = Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
        byte[] rawValue = serializer.serialize(topic, value);
        for (KeyValueStore<Bytes, byte[]> store : bytes) {
            store.put(rawKey, rawValue);
        }
    }
}
