package io.synod.app.replay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A replay-only store of decoded values for point lookups alone: a hash map, no key order. The group
 * collusion check reads and rewrites about a thousand triples per decision among a million tracked,
 * and in an ordered map each of those lookups walks twenty levels of a tree that does not fit in the
 * cache. Its processor never iterates the store, so order buys nothing there; the iterating methods
 * throw, so a processor that starts scanning a store given this implementation fails in the
 * equivalence test instead of silently seeing another order than live. The same condition as
 * {@link DecodedStore} holds: a value changed after it was got or put is put again after the change
 * (the group check changes its pairs' counts in place and writes each changed pair), so the store
 * holds what a serializing one would at every write.
 */
final class HashedStore<V> implements KeyValueStore<String, V> {
    private final String name;
    private final Map<String, V> entries = new HashMap<>(1 << 16);
    private boolean open;

    HashedStore(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        open = true;
    }

    @Override
    public void close() {
        open = false;
        entries.clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            entries.remove(key);
        } else {
            entries.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V previous = entries.get(key);
        if (previous == null) {
            put(key, value);
        }
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> pairs) {
        pairs.forEach(pair -> put(pair.key, pair.value));
    }

    @Override
    public V delete(String key) {
        return entries.remove(key);
    }

    @Override
    public V get(String key) {
        return entries.get(key);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        throw unordered();
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        throw unordered();
    }

    @Override
    public KeyValueIterator<String, V> all() {
        throw unordered();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        throw unordered();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        throw unordered();
    }

    @Override
    public long approximateNumEntries() {
        return entries.size();
    }

    private UnsupportedOperationException unordered() {
        return new UnsupportedOperationException("replay store " + name + " holds point lookups only and cannot be iterated");
    }
}
