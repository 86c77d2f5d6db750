package io.synod.reputation;

import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerStats;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One agent's co-voter evidence as the reputation updater works on it: the stored map, changed in
 * place, with two indexes that are never stored. Rebuilding the map and its eviction order for
 * every signal was a fifth of replay's time on a Sybil swarm (profiled): each signal changes about
 * ten of up to 128 co-voters. The indexes:
 * <ul>
 *   <li>the co-voters by (co-votes, id), least first, built at the first eviction, so that each
 *   eviction takes the one seen least often (ties to the smallest id, as a scan would) in
 *   logarithmic time;</li>
 *   <li>the co-voters that look coordinated ({@link CollusionCheck}'s test) and those that count as
 *   echoes (a superset), sorted, so that the collusion test and the echoes read a handful of entries
 *   instead of every co-voter.</li>
 * </ul>
 * Only its updater may hold a book: the evidence it hands out shares the map.
 */
final class PeerBook {
    private final HashMap<String, PeerStats> peers;
    private final PeerEvidence evidence;
    private final TreeSet<String> coordinated = new TreeSet<>();
    private final TreeSet<String> echoing = new TreeSet<>();
    private List<String> echoes;
    private LeastSeen leastSeen;

    private PeerBook(HashMap<String, PeerStats> peers) {
        this.peers = peers;
        this.evidence = PeerEvidence.newBuilder().setPeers(peers).build();
    }

    /**
     * A book over a copy of {@code stored}'s map (null: no co-voters yet) whose stats are the stored
     * ones, which {@link CollusionCheck#record} changes in place before the updater writes the
     * evidence again; {@code coordinated} says which entries the collusion check would list, {@code echo}
     * which ones count as echoes.
     */
    static PeerBook of(PeerEvidence stored, int maxTracked, java.util.function.Predicate<PeerStats> coordinated,
                       java.util.function.Predicate<PeerStats> echo) {
        Map<String, PeerStats> earlier = stored == null ? Map.of() : stored.getPeers();
        // Sized for the tracked maximum plus a round's newcomers so that it never rehashes.
        PeerBook book = new PeerBook(new HashMap<>((int) (Math.max(earlier.size(), maxTracked + 16) / 0.75f) + 1));
        book.peers.putAll(earlier);
        earlier.forEach((agent, stats) -> {
            if (coordinated.test(stats)) {
                book.coordinated.add(agent);
            }
            if (echo.test(stats)) {
                book.echoing.add(agent);
            }
        });
        return book;
    }

    /** What the store keeps; it shares this book's map, so it is current until the next change. */
    PeerEvidence evidence() {
        return evidence;
    }

    PeerStats get(String agent) {
        return peers.get(agent);
    }

    int size() {
        return peers.size();
    }

    void put(String agent, PeerStats stats, boolean looksCoordinated, boolean isEcho) {
        peers.put(agent, stats);
        if (leastSeen != null) {
            leastSeen.offer(agent, stats.getCovotes());
            if (leastSeen.size > 2 * peers.size() + 64) {
                // Every update leaves its earlier entry behind; start again from the live ones.
                leastSeen = new LeastSeen(peers);
            }
        }
        if (looksCoordinated) {
            coordinated.add(agent);
        } else {
            coordinated.remove(agent);
        }
        if (isEcho ? echoing.add(agent) : echoing.remove(agent)) {
            echoes = null;
        }
    }

    /** Forgets the co-voter seen least often, ties to the smallest id. */
    void evictLeastSeen() {
        if (leastSeen == null) {
            leastSeen = new LeastSeen(peers);
        }
        String least = leastSeen.poll(peers);
        peers.remove(least);
        coordinated.remove(least);
        if (echoing.remove(least)) {
            echoes = null;
        }
    }

    /** The co-voters that look coordinated, in id order. */
    Iterable<String> coordinated() {
        return coordinated;
    }

    /** The first {@code max} echoes by id; the same list until they change. */
    List<String> echoes(int max) {
        if (echoes == null) {
            echoes = echoing.isEmpty() ? List.of() : echoing.stream().limit(max).toList();
        }
        return echoes;
    }

    /**
     * A binary heap of (co-votes, id), least first. Entries are never updated in place: a co-voter
     * seen again is offered again, and an entry whose count is no longer the co-voter's (or whose
     * co-voter was forgotten) is dropped when it comes up. Counts only grow, so an outdated entry
     * comes up before the live one, and an entry that comes up matching its co-voter's live count
     * is the least live co-voter.
     */
    private static final class LeastSeen {
        private long[] counts;
        private String[] ids;
        private int size;

        LeastSeen(Map<String, PeerStats> peers) {
            counts = new long[peers.size() + 16];
            ids = new String[counts.length];
            for (Map.Entry<String, PeerStats> entry : peers.entrySet()) {
                counts[size] = entry.getValue().getCovotes();
                ids[size++] = entry.getKey();
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                down(i);
            }
        }

        void offer(String id, long count) {
            if (size == counts.length) {
                counts = Arrays.copyOf(counts, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
            }
            int i = size++;
            counts[i] = count;
            ids[i] = id;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(i, parent)) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        /** The id of the least-seen co-voter still in {@code peers}, removed from the heap. */
        String poll(Map<String, PeerStats> peers) {
            while (size > 0) {
                String id = ids[0];
                long count = counts[0];
                size--;
                counts[0] = counts[size];
                ids[0] = ids[size];
                ids[size] = null;
                down(0);
                PeerStats live = peers.get(id);
                if (live != null && live.getCovotes() == count) {
                    return id;
                }
            }
            throw new IllegalStateException("no co-voter to forget");
        }

        private void down(int i) {
            while (true) {
                int least = i;
                int left = 2 * i + 1;
                if (left < size && less(left, least)) {
                    least = left;
                }
                if (left + 1 < size && less(left + 1, least)) {
                    least = left + 1;
                }
                if (least == i) {
                    return;
                }
                swap(i, least);
                i = least;
            }
        }

        private boolean less(int a, int b) {
            return counts[a] < counts[b] || counts[a] == counts[b] && ids[a].compareTo(ids[b]) < 0;
        }

        private void swap(int a, int b) {
            long count = counts[a];
            counts[a] = counts[b];
            counts[b] = count;
            String id = ids[a];
            ids[a] = ids[b];
            ids[b] = id;
        }
    }
}
