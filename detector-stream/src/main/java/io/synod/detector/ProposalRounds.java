package io.synod.detector;

import io.synod.schemas.RoundOpened;
import io.synod.streams.DueIndex;
import io.synod.streams.LruCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detector's view of each proposal: its current round (from consensus.rounds), whether it has
 * ended (from consensus.decisions), and the vote ids it has taken (who voted in a round is in
 * {@link RoundMemory}'s prints). Eligible sets are
 * cached so a vote costs O(1) even with thousands of agents per round; only this class writes the
 * rounds store, so the cache cannot go stale.
 */
final class ProposalRounds {
    private static final int CACHE_SIZE = 4_096;
    private static final int IDS_KEPT = 1_024;

    private final KeyValueStore<String, RoundOpened> rounds;
    private final KeyValueStore<String, Long> closed;
    private final KeyValueStore<String, Long> voteIds;
    private final DueIndex closedExpiry;
    private final long endedRetentionMs;
    private final Map<String, VoteValidator.OpenRound> cache = new LruCache<>(CACHE_SIZE);
    /**
     * The vote-id keys of proposals seen opening, so that their end deletes them without a scan (on
     * RocksDB a scan walks the tombstones of the proposals ended before). A proposal whose list is
     * unknown (after a restart, an eviction, or past {@link #IDS_KEPT} ids) is scanned at its end.
     */
    private final Map<String, List<String>> voteIdKeys = new LruCache<>(CACHE_SIZE);

    ProposalRounds(KeyValueStore<String, RoundOpened> rounds, KeyValueStore<String, Long> closed,
                   KeyValueStore<String, Long> voteIds,
                   KeyValueStore<String, String> closedExpiry, long endedRetentionMs) {
        this.closedExpiry = new DueIndex(closedExpiry);
        this.endedRetentionMs = endedRetentionMs;
        this.rounds = rounds;
        this.closed = closed;
        this.voteIds = voteIds;
    }

    /** Records the newly opened round; returns the round it replaces, or null. */
    RoundOpened opened(String key, RoundOpened round) {
        RoundOpened previous = rounds.get(key);
        rounds.put(key, round);
        cache.put(key, VoteValidator.OpenRound.of(round));
        if (previous == null) {
            // Ids are only taken while a round is open, and a proposal's are deleted when it ends: none yet.
            voteIdKeys.put(key, new ArrayList<>());
        }
        return previous;
    }

    /** Records the end of the proposal; returns its last round, or null when none was open. */
    RoundOpened ended(String key, long atMs) {
        RoundOpened current = rounds.get(key);
        if (current != null) {
            rounds.delete(key);
        }
        List<String> idKeys = voteIdKeys.remove(key);
        if (idKeys != null) {
            idKeys.forEach(voteIds::delete);
        } else {
            DetectorStores.deletePrefix(voteIds, DetectorStores.voteIdPrefix(key));
        }
        cache.remove(key);
        closed.put(key, atMs);
        if (endedRetentionMs > 0) {
            closedExpiry.schedule(key, forgetAt(atMs));
        }
        return current;
    }

    /**
     * Drops the marks of proposals that ended longer than the retention (when one is set) before {@code nowMs}: a late
     * vote is then an unknown proposal's, as the coordinator, which forgets them too, would call it.
     */
    void forgetEndedBefore(long nowMs) {
        closedExpiry.takeDueBefore(nowMs, (key, dueMs) -> {
            Long endedAt = closed.get(key);
            // A reused id that ended again since keeps its newer mark.
            if (endedAt != null && forgetAt(endedAt) == dueMs) {
                closed.delete(key);
            }
        });
    }

    private long forgetAt(long endedAtMs) {
        return DueIndex.after(endedAtMs, endedRetentionMs);
    }

    /** The open round, or null when the proposal is unknown or has ended. */
    VoteValidator.OpenRound open(String key) {
        VoteValidator.OpenRound cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        RoundOpened stored = rounds.get(key);
        if (stored == null) {
            return null;
        }
        cached = VoteValidator.OpenRound.of(stored);
        cache.put(key, cached);
        return cached;
    }

    boolean hasEnded(String key) {
        return closed.get(key) != null;
    }

    /** Records the vote's event id for the proposal; false when the id was used before (a replay). */
    boolean firstUseOf(String key, String eventId, long castAtMs) {
        String idKey = DetectorStores.voteIdPrefix(key) + eventId;
        if (voteIds.get(idKey) != null) {
            return false;
        }
        voteIds.put(idKey, castAtMs);
        List<String> idKeys = voteIdKeys.get(key);
        if (idKeys != null) {
            if (idKeys.size() < IDS_KEPT) {
                idKeys.add(idKey);
            } else {
                voteIdKeys.remove(key);
            }
        }
        return true;
    }
}
