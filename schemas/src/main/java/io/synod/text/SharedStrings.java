package io.synod.text;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The first instance of each distinct string it is given, up to a bound; beyond it new values pass
 * through, so memory stays bounded. Replay keeps what it reads for the whole run: shared instances
 * are equal by identity (so {@code equals} returns at its first test), keep their hash, stay in the
 * cache, and let the copies die young instead of being promoted with the state that holds them. A
 * pure cache: equal strings in, equal strings out, so nothing downstream can tell. Safe for several
 * threads (replay's reader and pipeline both tokenize).
 */
public final class SharedStrings {
    private final int limit;
    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>(1 << 10);

    public SharedStrings(int limit) {
        this.limit = limit;
    }

    public String of(String value) {
        if (value == null) {
            return null;
        }
        String shared = values.get(value);
        if (shared == null && values.size() < limit) {
            shared = values.putIfAbsent(value, value);
        }
        return shared == null ? value : shared;
    }
}
