package io.synod.reputation;

import io.synod.config.SynodConfig;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerStats;
import io.synod.schemas.internal.PeerVote;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Colluders never disagree. Honest voters err independently, so two of them disagree about as
 * often as their accuracies imply; an agent that, over many co-votes, (almost) never disagrees with
 * at least {@code minPartners} others whose accuracies imply frequent disagreement is part of a bloc.
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
                config.getInt("detector.collusion.min.partners"), 128);
    }

    /** The evidence with one more vote's comparisons added. */
    PeerEvidence record(PeerEvidence current, List<PeerVote> votes) {
        Map<String, PeerStats> peers = new HashMap<>(current == null ? Map.of() : current.getPeers());
        for (PeerVote vote : votes) {
            PeerStats stats = peers.get(vote.getAgentId());
            if (stats == null) {
                if (peers.size() >= maxTracked) {
                    peers.entrySet().stream().min(Comparator.comparingLong((Map.Entry<String, PeerStats> e) -> e.getValue().getCovotes())
                            .thenComparing(Map.Entry::getKey)).ifPresent(e -> peers.remove(e.getKey()));
                }
                stats = PeerStats.newBuilder().setCovotes(0).setAgreements(0).setExpectedAgreements(0.0).build();
            } else {
                stats = PeerStats.newBuilder(stats).build();
            }
            stats.setCovotes(stats.getCovotes() + 1);
            stats.setAgreements(stats.getAgreements() + (vote.getAgreed() ? 1 : 0));
            stats.setExpectedAgreements(stats.getExpectedAgreements() + vote.getExpected());
            peers.put(vote.getAgentId(), stats);
        }
        return PeerEvidence.newBuilder().setPeers(peers).build();
    }

    boolean isColluding(PeerEvidence evidence) {
        int partners = 0;
        for (PeerStats stats : evidence.getPeers().values()) {
            long n = stats.getCovotes();
            if (n < minCovotes) {
                continue;
            }
            double disagreements = n - stats.getAgreements();
            double expectedDisagreements = n - stats.getExpectedAgreements();
            if (disagreements <= maxDisagreement * n && expectedDisagreements >= minExpectedDisagreement * n && ++partners >= minPartners) {
                return true;
            }
        }
        return false;
    }
}
