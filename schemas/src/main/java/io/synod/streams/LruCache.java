package io.synod.streams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, access-ordered cache for a processor's derived views of its own stores (eligible
 * sets, decoded keys). Not thread-safe: a processor instance runs on one stream thread.
 */
public final class LruCache<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    public LruCache(int capacity) {
        super(256, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
