package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerStats;
import io.synod.schemas.internal.PeerVote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Colluders never disagree. Honest voters err independently, so two of them disagree about as
 * often as their accuracies imply; an agent that, over many co-votes, (almost) never disagrees with
 * at least {@code minPartners} others whose accuracies imply frequent disagreement is part of a bloc.
 * The expectation uses both agents' current accuracies (early estimates are too uncertain: two
 * excellent agents would look coordinated) and the two-option formula, which expects the least
 * disagreement and so flags the least.
 *
 * @param minCovotes                co-votes before a pair is judged
 * @param maxDisagreement           observed disagreement rate at or below which a pair looks coordinated
 * @param minExpectedDisagreement   expected disagreement rate at or above which independence is testable
 * @param minPartners               coordinated partners that make an agent part of a bloc
 * @param maxTracked                co-voters remembered per agent (the least seen are forgotten)
 */
public record CollusionCheck(long minCovotes, double maxDisagreement, double minExpectedDisagreement, int minPartners, int maxTracked) {
    /** Echoes kept per agent: a round's group of echoes is bounded by its voters anyway. */
    static final int MAX_ECHOES = 64;

    public static CollusionCheck from(SynodConfig config) {
        return new CollusionCheck(config.getLong("detector.collusion.min.covotes"),
                config.getDouble("detector.collusion.max.disagreement"),
                config.getDouble("detector.collusion.min.expected.disagreement"),
                // With cross-agent verification off no number of partners is enough.
                config.getBoolean("detector.cross.enabled") ? config.getInt("detector.collusion.min.partners") : Integer.MAX_VALUE, 128);
    }

    /** The evidence with one more vote's comparisons added. */
    PeerEvidence record(PeerEvidence current, List<PeerVote> votes) {
        Map<String, PeerStats> earlier = current == null ? Map.of() : current.getPeers();
        // Sized for the tracked maximum plus this vote's newcomers so the copy never rehashes.
        Map<String, PeerStats> peers = new HashMap<>(capacityFor(Math.max(earlier.size(), Math.min(maxTracked, earlier.size() + votes.size()))));
        peers.putAll(earlier);
        LeastSeen leastSeen = null;
        for (PeerVote vote : votes) {
            PeerStats stats = peers.get(vote.getAgentId());
            if (stats == null && peers.size() >= maxTracked) {
                if (leastSeen == null) {
                    leastSeen = new LeastSeen(peers);
                }
                peers.remove(leastSeen.poll(peers));
            }
            // A new record, never the earlier one mutated: the updater caches the evidence it last wrote.
            // The constructor, not a builder: Avro's builders validate and deep-copy, and this runs per co-voter.
            long covotes = stats == null ? 1 : stats.getCovotes() + 1;
            long agreements = stats == null ? 0 : stats.getAgreements();
            peers.put(vote.getAgentId(), new PeerStats(covotes, agreements + (vote.getAgreed() ? 1 : 0), vote.getAccuracy()));
            if (leastSeen != null) {
                leastSeen.offer(vote.getAgentId(), covotes);
            }
        }
        return PeerEvidence.newBuilder().setPeers(peers).build();
    }

    private static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /**
     * The co-voters by (co-votes, id), least first, so that each eviction takes the one seen least
     * often, ties to the smallest id, as a scan of the map would, but in logarithmic time: with an
     * agent tracking the maximum, every newcomer evicted one, and scanning for it was the largest
     * single cost of replaying a Sybil swarm (profiled). Entries are never updated in place: a
     * co-voter seen again is offered again, and an entry whose count is no longer the co-voter's
     * is dropped when it comes up (counts only grow, so stale entries come up before the live one).
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
            return null;
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

    /**
     * The co-voters this agent has (almost) never disagreed with over at least {@code minCovotes}
     * co-votes, sorted, at most {@code MAX_ECHOES}. Unlike {@link #isColluding} there is no floor on
     * the disagreement the accuracies expect: two excellent honest agents that always agree lose
     * nothing by being counted as one voice, while a bloc that copies the accurate majority to build
     * reputation is kept from outvoting it with that reputation multiplied by its size.
     */
    List<String> echoes(PeerEvidence evidence) {
        if (minPartners == Integer.MAX_VALUE) {
            // Cross-agent verification is off: no evidence about agents' independence is used.
            return List.of();
        }
        List<String> echoes = null;
        for (Map.Entry<String, PeerStats> entry : evidence.getPeers().entrySet()) {
            if (neverDisagrees(entry.getValue())) {
                echoes = echoes == null ? new ArrayList<>() : echoes;
                echoes.add(entry.getKey());
            }
        }
        if (echoes == null) {
            return List.of();
        }
        echoes.sort(null);
        return echoes.size() > MAX_ECHOES ? List.copyOf(echoes.subList(0, MAX_ECHOES)) : echoes;
    }

    /** At least {@code minCovotes} co-votes with disagreements on at most {@code maxDisagreement} of them. */
    private boolean neverDisagrees(PeerStats stats) {
        long n = stats.getCovotes();
        return n >= minCovotes && n - stats.getAgreements() <= maxDisagreement * n;
    }

    boolean isColluding(PeerEvidence evidence, double ownAccuracy) {
        int partners = 0;
        for (PeerStats stats : evidence.getPeers().values()) {
            if (!neverDisagrees(stats)) {
                continue;
            }
            double p = ownAccuracy;
            double q = stats.getPeerAccuracy();
            double expectedDisagreement = 1.0 - (p * q + (1 - p) * (1 - q));
            if (expectedDisagreement >= minExpectedDisagreement && ++partners >= minPartners) {
                return true;
            }
        }
        return false;
    }
}
