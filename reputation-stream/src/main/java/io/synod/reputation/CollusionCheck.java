package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerStats;
import io.synod.schemas.internal.PeerVote;
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
        for (PeerVote vote : votes) {
            PeerStats stats = peers.get(vote.getAgentId());
            if (stats == null && peers.size() >= maxTracked) {
                peers.remove(leastSeen(peers));
            }
            // A new record, never the earlier one mutated: the updater caches the evidence it last wrote.
            // The constructor, not a builder: Avro's builders validate and deep-copy, and this runs per co-voter.
            long covotes = stats == null ? 0 : stats.getCovotes();
            long agreements = stats == null ? 0 : stats.getAgreements();
            peers.put(vote.getAgentId(), new PeerStats(covotes + 1, agreements + (vote.getAgreed() ? 1 : 0), vote.getAccuracy()));
        }
        return PeerEvidence.newBuilder().setPeers(peers).build();
    }

    /**
     * The co-voter seen least often, ties to the smallest id so eviction does not depend on hash
     * order. A plain scan: this runs for every newcomer once an agent tracks the maximum, and a
     * stream with a composed comparator cost most of the replay's reputation step (profiled).
     */
    private static String leastSeen(Map<String, PeerStats> peers) {
        String least = null;
        long fewest = Long.MAX_VALUE;
        for (Map.Entry<String, PeerStats> entry : peers.entrySet()) {
            long covotes = entry.getValue().getCovotes();
            if (least == null || covotes < fewest || covotes == fewest && entry.getKey().compareTo(least) < 0) {
                least = entry.getKey();
                fewest = covotes;
            }
        }
        return least;
    }

    private static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    boolean isColluding(PeerEvidence evidence, double ownAccuracy) {
        int partners = 0;
        for (PeerStats stats : evidence.getPeers().values()) {
            long n = stats.getCovotes();
            if (n < minCovotes) {
                continue;
            }
            double p = ownAccuracy;
            double q = stats.getPeerAccuracy();
            double expectedDisagreement = 1.0 - (p * q + (1 - p) * (1 - q));
            double disagreements = n - stats.getAgreements();
            if (disagreements <= maxDisagreement * n && expectedDisagreement >= minExpectedDisagreement && ++partners >= minPartners) {
                return true;
            }
        }
        return false;
    }
}
