package io.synod.coordinator;

import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import io.synod.schemas.internal.ProposalState;
import java.util.List;
import java.util.Map;

/** Builds decision records; the event id is deterministic so mirrors and consumers can deduplicate. */
final class Decisions {
    private Decisions() {
    }

    static Decision of(String key, ProposalState state, String status, String decision, Tally tally,
                       List<String> flagged, List<Ballot> ballots, String reason, Long lastVoteAtMs, long atMs) {
        return build(key, state, status, decision, tally.support(), tally.distribution(), tally.voters(),
                flagged, ballots, reason, lastVoteAtMs, atMs);
    }

    static Decision build(String key, ProposalState state, String status, String decision, double support,
                          Map<String, Double> distribution, int participants, List<String> flagged,
                          List<Ballot> ballots, String reason, Long lastVoteAtMs, long atMs) {
        return Decision.newBuilder()
                .setEventId(key + "/" + status)
                .setTenant(state.getProposal().getTenant())
                .setProposalId(state.getProposal().getProposalId())
                .setStatus(status)
                .setDecision(decision)
                .setSupport(support)
                .setRound(state.getRound())
                .setMode(state.getPolicy().getMode())
                .setParticipants(participants)
                .setEligible(state.getEligible().size())
                .setDistribution(distribution)
                .setFlagged(flagged)
                .setBallots(ballots)
                .setReason(reason)
                .setThreshold(state.getPolicy().getThreshold())
                .setProposedAtMs(state.getProposal().getProposedAtMs())
                .setLastVoteAtMs(lastVoteAtMs)
                .setDecidedAtMs(atMs)
                .build();
    }
}
