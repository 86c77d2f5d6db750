package io.synod.app.replay;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance per distinct agent id, tenant, choice and option text a replay reads, up to a bound.
 * The parser makes a fresh string for every value of every line, and replay's decoded stores keep
 * them: the group check alone holds one for each of a million tracked triples, compared and hashed
 * on every decision. Shared instances are equal by identity (so {@code equals} returns at its
 * first test), keep their hash, stay in the cache and leave the copies to die young. A pure cache:
 * equal strings in, equal strings out, so the output cannot change.
 */
final class SharedStrings {
    /** Beyond this many distinct values (more agents than any input has) new ones pass through: the memory stays bounded. */
    static final int LIMIT = 1 << 16;
    private final int limit;
    private final Map<String, String> values = new HashMap<>(1 << 10);

    SharedStrings() {
        this(LIMIT);
    }

    SharedStrings(int limit) {
        this.limit = limit;
    }

    String of(String value) {
        if (value == null) {
            return null;
        }
        String shared = values.get(value);
        if (shared != null) {
            return shared;
        }
        if (values.size() < limit) {
            values.put(value, value);
        }
        return value;
    }
}
