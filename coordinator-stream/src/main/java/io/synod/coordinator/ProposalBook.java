package io.synod.coordinator;

import io.synod.schemas.Ballot;
import io.synod.schemas.internal.ProposalState;
import io.synod.streams.DueIndex;
import io.synod.streams.LruCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The coordinator's stores behind one interface. Proposal states (with their eligible sets) are
 * cached: only this class writes them, and a vote must not deserialize a state holding thousands
 * of eligible agents. Ballots live in their own store so that a vote costs O(1) and a round close
 * O(votes). A round's progress (how many ballots, the last one's time) is derived from its ballots
 * and kept in memory only: one store and one changelog record less per vote, which under
 * exactly-once is one set of changelog partitions less in every transaction. After a restart or an
 * eviction it is counted again from the round's ballots, once.
 */
final class ProposalBook {
    private static final int CACHE_SIZE = 4_096;
    /** 12 bytes of state a round, so many more rounds than states fit. */
    private static final int PROGRESS_CACHE_SIZE = 65_536;
    private static final StringSerializer KEYS = new StringSerializer();
    /** The order of serialized keys, which is the order a store's scan returns them in. */
    static final Comparator<String> UTF8_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    record Entry(ProposalState state, Set<String> eligible) {
    }

    private final KeyValueStore<String, ProposalState> proposals;
    private final KeyValueStore<String, Ballot> ballots;
    private final DueIndex deadlines;
    private final Map<String, Entry> cache = new LruCache<>(CACHE_SIZE);
    private final Map<String, RoundProgress> progress = new LruCache<>(PROGRESS_CACHE_SIZE);

    ProposalBook(KeyValueStore<String, ProposalState> proposals, KeyValueStore<String, Ballot> ballots,
                 KeyValueStore<String, String> deadlines) {
        this.proposals = proposals;
        this.ballots = ballots;
        this.deadlines = new DueIndex(deadlines);
    }

    Entry get(String key) {
        Entry entry = cache.get(key);
        if (entry == null) {
            ProposalState state = proposals.get(key);
            if (state == null) {
                return null;
            }
            entry = new Entry(state, new HashSet<>(state.getEligible()));
            cache.put(key, entry);
        }
        return entry;
    }

    void put(String key, ProposalState state) {
        proposals.put(key, state);
        cache.put(key, new Entry(state, new HashSet<>(state.getEligible())));
    }

    boolean hasBallot(String key, int round, String agentId) {
        return ballots.get(CoordinatorStores.ballotKey(key, round, agentId)) != null;
    }

    /** Stores the ballot and returns the round's progress including it. */
    RoundProgress addBallot(String key, int round, Ballot ballot) {
        String prefix = CoordinatorStores.ballotPrefix(key, round);
        RoundProgress next = progressOf(prefix).plus(ballot.getCastAtMs());
        ballots.put(prefix + ballot.getAgentId(), ballot);
        progress.put(prefix, next);
        return next;
    }

    RoundProgress progress(String key, int round) {
        return progressOf(CoordinatorStores.ballotPrefix(key, round));
    }

    /**
     * A round just opened has no ballots yet: its progress is known without reading the store. On
     * RocksDB a prefix scan for a new round's keys walks the tombstones of every round closed
     * before it, which was a few percent of the vote path's thread.
     */
    void opened(String key, int round) {
        progress.put(CoordinatorStores.ballotPrefix(key, round), RoundProgress.NONE);
    }

    /** The round's progress: remembered, or counted from its ballots when it is not. */
    private RoundProgress progressOf(String prefix) {
        RoundProgress current = progress.get(prefix);
        if (current == null) {
            current = RoundProgress.NONE;
            try (KeyValueIterator<String, Ballot> it = ballots.prefixScan(prefix, KEYS)) {
                while (it.hasNext()) {
                    current = current.plus(it.next().value.getCastAtMs());
                }
            }
            progress.put(prefix, current);
        }
        return current;
    }

    /** Removes and returns the round's ballots in agent order (the order of their keys' bytes, as a scan gives them). */
    List<Ballot> takeBallots(String key, int round) {
        String prefix = CoordinatorStores.ballotPrefix(key, round);
        List<Ballot> taken = everyEligibleBallot(key, prefix);
        if (taken == null) {
            taken = scannedBallots(prefix);
        }
        progress.remove(prefix);
        return taken;
    }

    /**
     * Keeps the votes that stand when the next round opens. Written only then, so a proposal decided
     * in its first round (the usual case) never touches them.
     */
    void stand(String key, List<Ballot> standing) {
        String prefix = CoordinatorStores.ballotPrefix(key, CoordinatorStores.STANDING);
        for (Ballot ballot : standing) {
            ballots.put(prefix + ballot.getAgentId(), ballot);
        }
    }

    /** Removes and returns the votes standing from the rounds before the current one, in agent order. */
    List<Ballot> takeStanding(String key) {
        return scannedBallots(CoordinatorStores.ballotPrefix(key, CoordinatorStores.STANDING));
    }

    private List<Ballot> scannedBallots(String prefix) {
        List<Ballot> taken = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Ballot> it = ballots.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, Ballot> next = it.next();
                keys.add(next.key);
                taken.add(next.value);
            }
        }
        keys.forEach(ballots::delete);
        return taken;
    }

    /**
     * When every eligible agent voted (the usual way a round closes), the ballots' keys are known: they
     * are read and deleted one by one instead of found by a scan. Null when the round must be scanned.
     */
    private List<Ballot> everyEligibleBallot(String key, String prefix) {
        RoundProgress known = progress.get(prefix);
        Entry entry = get(key);
        if (known == null || entry == null || known.votes() != entry.eligible().size()) {
            return null;
        }
        List<String> keys = new ArrayList<>(entry.eligible().size());
        for (String agent : entry.eligible()) {
            keys.add(prefix + agent);
        }
        keys.sort(UTF8_ORDER);
        List<Ballot> taken = new ArrayList<>(keys.size());
        for (String ballotKey : keys) {
            Ballot ballot = ballots.get(ballotKey);
            if (ballot == null) {
                return null;
            }
            taken.add(ballot);
        }
        keys.forEach(ballots::delete);
        return taken;
    }

    void schedule(String key, long dueMs) {
        deadlines.schedule(key, dueMs);
    }

    void unschedule(String key, long dueMs) {
        deadlines.unschedule(key, dueMs);
    }

    /** Hands each deadline due strictly before {@code nowMs} to {@code onDue}, earliest first, unscheduled. */
    void takeDueBefore(long nowMs, ObjLongConsumer<String> onDue) {
        deadlines.takeDueBefore(nowMs, onDue);
    }

    /** Drops a proposal that ended longer ago than the retention: its id is free again. */
    void forget(String key) {
        proposals.delete(key);
        cache.remove(key);
    }
}
