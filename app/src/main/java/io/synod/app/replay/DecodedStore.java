package io.synod.app.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A replay-only in-memory store that keeps its values decoded. Live, every read of a store decodes
 * the value and every write encodes it; for the agent reputations (each with its ~1 KB profile, read
 * per vote by the detector and per round by the coordinator) and the co-voter evidence (up to 128
 * peers, rewritten on every signal) that round trip was a third of replay's time, and replay never
 * restores a store, so it bought nothing. It is used only for stores whose readers and writers never
 * mutate a value they got or put (the reputation-stream builds new records, the detector and the
 * coordinator only read), but for the co-voter evidence: its one reader and writer, the reputation
 * updater, changes it in place and puts it again after every change, so the store holds what a
 * serializing one would at every put; ReplayPipelineEquivalenceTest holds the output byte-identical to the
 * serializing TopologyTestDriver chain. Keys are ordered by their UTF-8 bytes, as the in-memory
 * bytes store orders them, so iteration sees what it would live.
 *
 * <p>Point reads and rewrites of a present key go through a hash map and change the value in the
 * key's slot, which the ordered index shares: most writes rewrite an agent's reputation or evidence,
 * and walking the ordered index with the key's bytes on each of them and on every read was a tenth
 * of replay's pipeline thread (profiled). Only new and deleted keys touch the ordered index.
 */
final class DecodedStore<V> implements KeyValueStore<String, V> {
    private final String name;
    private final Map<String, Slot<V>> slots = new HashMap<>(1 << 12);
    private final NavigableMap<Bytes, Slot<V>> ordered = new TreeMap<>();
    private boolean open;

    DecodedStore(String name) {
        this.name = name;
    }

    private static Bytes raw(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
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
        slots.clear();
        ordered.clear();
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
            delete(key);
            return;
        }
        Slot<V> slot = slots.get(key);
        if (slot != null) {
            slot.value = value;
        } else {
            slot = new Slot<>(key, value);
            slots.put(key, slot);
            ordered.put(raw(key), slot);
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> pairs) {
        pairs.forEach(pair -> put(pair.key, pair.value));
    }

    @Override
    public V delete(String key) {
        Slot<V> removed = slots.remove(key);
        if (removed == null) {
            return null;
        }
        ordered.remove(raw(key));
        return removed.value;
    }

    @Override
    public V get(String key) {
        Slot<V> slot = slots.get(key);
        return slot == null ? null : slot.value;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        if (from != null && to != null && raw(from).compareTo(raw(to)) > 0) {
            return entries(List.of());
        }
        NavigableMap<Bytes, Slot<V>> view = ordered;
        if (from != null) {
            view = view.tailMap(raw(from), true);
        }
        if (to != null) {
            view = view.headMap(raw(to), true);
        }
        return iterator(view.values());
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        List<KeyValue<String, V>> backward = snapshot(range(from, to));
        Collections.reverse(backward);
        return entries(backward);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return iterator(ordered.values());
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        return iterator(ordered.descendingMap().values());
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] start = prefixKeySerializer.serialize(name, prefix);
        List<Slot<V>> matches = new ArrayList<>();
        for (Map.Entry<Bytes, Slot<V>> entry : ordered.tailMap(Bytes.wrap(start), true).entrySet()) {
            byte[] key = entry.getKey().get();
            if (key.length < start.length || !Arrays.equals(key, 0, start.length, start, 0, start.length)) {
                break;
            }
            matches.add(entry.getValue());
        }
        return iterator(matches);
    }

    @Override
    public long approximateNumEntries() {
        return slots.size();
    }

    private static <V> List<KeyValue<String, V>> snapshot(KeyValueIterator<String, V> it) {
        List<KeyValue<String, V>> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    /** A key and its current value; the hash map and the ordered index share it. */
    private static final class Slot<V> {
        private final String key;
        private V value;

        private Slot(String key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    /** Iterates over a copy of the entries as they are now, so the processor may write the store while it iterates, as it may live. */
    private static <V> KeyValueIterator<String, V> iterator(Collection<Slot<V>> slots) {
        List<KeyValue<String, V>> copy = new ArrayList<>(slots.size());
        for (Slot<V> slot : slots) {
            copy.add(KeyValue.pair(slot.key, slot.value));
        }
        return entries(copy);
    }

    private static <V> KeyValueIterator<String, V> entries(List<KeyValue<String, V>> values) {
        Iterator<KeyValue<String, V>> it = values.iterator();
        return new KeyValueIterator<>() {
            private KeyValue<String, V> peeked;

            @Override
            public boolean hasNext() {
                return peeked != null || it.hasNext();
            }

            @Override
            public KeyValue<String, V> next() {
                if (peeked != null) {
                    KeyValue<String, V> next = peeked;
                    peeked = null;
                    return next;
                }
                return it.next();
            }

            @Override
            public String peekNextKey() {
                if (peeked == null) {
                    if (!it.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    peeked = it.next();
                }
                return peeked.key;
            }

            @Override
            public void close() {
            }
        };
    }
}
