package io.synod.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keys due at a time, in a store sorted by that time: {@code 16 hex digits of the due time NUL key
 * -> key}. Round deadlines and the ends of retention periods live here, so finding what is due is
 * one bounded range scan, not a scan of every proposal.
 *
 * <p>The index remembers a lower bound of its earliest entry, so a processor may ask on every
 * record and pay for an iterator only when something can be due: on RocksDB, opening an iterator
 * over a store that deletes as often as it writes costs more than the record's own work (profile of
 * the seed test, 2026-12-05). Create one per processor {@code init}, so a revived task starts with
 * no bound.
 */
public final class DueIndex {
    /** How far past the asked time a scan looks, so that a stream of records without anything due scans about once a second. */
    private static final long LOOK_AHEAD_MS = 1_000L;
    private static final int BATCH = 1_000;

    private final KeyValueStore<String, String> store;
    /** No entry is due before this; {@code Long.MIN_VALUE} until a scan has looked. */
    private long earliestBound = Long.MIN_VALUE;

    public DueIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    public static String keyOf(long dueMs, String key) {
        String hex = Long.toHexString(Math.max(0L, dueMs));
        return "0".repeat(16 - hex.length()) + hex + '\u0000' + key;
    }

    /** {@code delayMs} after {@code atMs}, or {@code Long.MAX_VALUE} where the sum would overflow. */
    public static long after(long atMs, long delayMs) {
        long sum = atMs + delayMs;
        return ((atMs ^ sum) & (delayMs ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    public static long dueOf(String indexKey) {
        return Long.parseUnsignedLong(indexKey.substring(0, 16), 16);
    }

    public void schedule(String key, long dueMs) {
        store.put(keyOf(dueMs, key), key);
        earliestBound = Math.min(earliestBound, Math.max(0L, dueMs));
    }

    public void unschedule(String key, long dueMs) {
        store.delete(keyOf(dueMs, key));
    }

    /**
     * Hands every entry due strictly before {@code nowMs} to {@code onDue} (its key, then its time),
     * earliest first, removing each before its call; what the calls schedule before {@code nowMs} is
     * handed on too.
     */
    public void takeDueBefore(long nowMs, ObjLongConsumer<String> onDue) {
        List<KeyValue<Long, String>> due = dueBefore(nowMs, BATCH);
        while (!due.isEmpty()) {
            for (KeyValue<Long, String> next : due) {
                unschedule(next.value, next.key);
                onDue.accept(next.value, next.key);
            }
            due = dueBefore(nowMs, BATCH);
        }
    }

    /** Entries due strictly before {@code nowMs}, earliest first, at most {@code limit}. */
    List<KeyValue<Long, String>> dueBefore(long nowMs, int limit) {
        if (nowMs <= earliestBound) {
            return List.of();
        }
        List<KeyValue<Long, String>> due = new ArrayList<>();
        // Bounded above (an unbounded range copies every key of the in-memory store, decision 0034), a
        // little past nowMs so that an empty answer also tells when the next entry is due.
        long horizon = nowMs > Long.MAX_VALUE - LOOK_AHEAD_MS ? Long.MAX_VALUE : nowMs + LOOK_AHEAD_MS;
        long next = horizon;
        try (KeyValueIterator<String, String> it = store.range(null, keyOf(horizon, "").substring(0, 16))) {
            while (it.hasNext() && due.size() < limit) {
                KeyValue<String, String> entry = it.next();
                long dueMs = dueOf(entry.key);
                if (dueMs >= nowMs) {
                    next = dueMs;
                    break;
                }
                due.add(KeyValue.pair(dueMs, entry.value));
            }
        }
        // Nothing is due before the first entry not taken (or the horizon); while the caller has not yet
        // unscheduled what it was given, those stay the earliest.
        earliestBound = Math.max(earliestBound, due.isEmpty() ? next : due.get(0).key);
        return due;
    }
}
